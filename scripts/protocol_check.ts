/**
 * The protocol-level test of where outputs land (scripts/interleaved_protocol.py): each notebook
 * runs once with one request at a time and once with every cell queued at once while
 * kernel_info/comm_info requests arrive every 0.3 s, as from a browser; every output must be
 * parented to the same cell both times. Run after the headless pass, so the caches make it cheap.
 */
import { join } from "node:path";
import { repositoryRoot } from "../lib/data/project_paths.ts";
import { notebooksDirectory } from "./notebook_list.ts";
import { notebookEnvironment } from "./run_notebook.ts";
import type { SetupResult } from "./setup.ts";

/** What one notebook's two runs showed. */
export interface ProtocolOutcome {
  stem: string;
  ok: boolean;
  /** cells whose outputs differ between the two runs, or why the check could not run */
  differences: string[];
  outputs: number;
  seconds: number;
}

/** Runs notebook `stem` both ways in quick mode and compares where its outputs land. */
export async function interleavedProtocolCheck(
  stem: string,
  setup: SetupResult,
): Promise<ProtocolOutcome> {
  const child = new Deno.Command(setup.python, {
    args: [
      join(repositoryRoot, "scripts", "interleaved_protocol.py"),
      join(notebooksDirectory, `${stem}.ipynb`),
      "--kernel=deno",
      `--cwd=${notebooksDirectory}`,
    ],
    env: notebookEnvironment("quick", setup, {}),
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  });
  const { stdout, stderr } = await child.output();
  const lines = new TextDecoder().decode(stdout).trim().split("\n");
  try {
    const report = JSON.parse(lines.at(-1) ?? "");
    return {
      stem,
      ok: report.ok === true,
      differences: report.differences ?? [],
      outputs: report.outputs ?? 0,
      seconds: report.seconds ?? 0,
    };
  } catch {
    const err = new TextDecoder().decode(stderr).trim().split("\n").slice(-3).join(" | ");
    return { stem, ok: false, differences: [`the check failed: ${err}`], outputs: 0, seconds: 0 };
  }
}

if (import.meta.main) {
  const { ensureSetup } = await import("./setup.ts");
  const setup = await ensureSetup();
  let failed = 0;
  for (const stem of Deno.args) {
    const o = await interleavedProtocolCheck(stem, setup);
    if (!o.ok) failed++;
    console.log(`${stem}: ${o.ok ? "same" : "DIFFERENT"} (${o.outputs} outputs, ${o.seconds} s)`);
    for (const d of o.differences) console.log(`   ${d}`);
  }
  Deno.exit(failed === 0 ? 0 : 1);
}
