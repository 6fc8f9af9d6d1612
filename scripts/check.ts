/**
 * `deno task check`: formatting, lint, and type check of lib/, tests/, scripts/, bench/ and the
 * notebooks' code (extracted to notebooks/.code/ by scripts/notebook_code.ts; the notebooks'
 * formatting is checked on the .ipynb files themselves).
 */
import { repositoryRoot } from "../lib/data/project_paths.ts";
import { extractNotebookCode, NOTEBOOK_CODE_DIR, unformattedNotebooks } from "./notebook_code.ts";
import { inherit } from "./setup/run_command.ts";

/** The checks, each a deno subcommand; all must pass. */
export const CHECKS: { name: string; args: string[] }[] = [
  { name: "deno fmt --check", args: ["fmt", "--check"] },
  { name: "deno lint (notebook code included)", args: ["lint", "./", `${NOTEBOOK_CODE_DIR}/`] },
  {
    name: "deno check (notebook code included)",
    args: ["check", "lib/", "tests/", "scripts/", "bench/", `${NOTEBOOK_CODE_DIR}/`],
  },
];

/** Runs every check; returns the outcome of each. */
export async function runChecks(): Promise<{ name: string; ok: boolean }[]> {
  const out = [];
  extractNotebookCode();
  console.log("\n== notebooks formatted (deno fmt on their code cells)");
  const unformatted = await unformattedNotebooks();
  for (const path of unformatted) {
    console.log(`   not formatted: ${path} (run \`deno task fmt-notebooks\`)`);
  }
  out.push({ name: "notebooks formatted", ok: unformatted.length === 0 });
  for (const check of CHECKS) {
    console.log(`\n== ${check.name}`);
    const code = await inherit(Deno.execPath(), check.args, { cwd: repositoryRoot });
    out.push({ name: check.name, ok: code === 0 });
  }
  return out;
}

if (import.meta.main) {
  const results = await runChecks();
  const failed = results.filter((r) => !r.ok);
  for (const r of results) console.log(`${r.ok ? "ok    " : "FAILED"} ${r.name}`);
  Deno.exit(failed.length === 0 ? 0 : 1);
}
