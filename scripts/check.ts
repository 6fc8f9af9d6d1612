/** `deno task check`: formatting, lint, and type check of lib/, tests/, scripts/ and bench/. */
import { repositoryRoot } from "../lib/data/project_paths.ts";
import { inherit } from "./setup/run_command.ts";

/** The checks, each a deno subcommand; all must pass. */
export const CHECKS: { name: string; args: string[] }[] = [
  { name: "deno fmt --check", args: ["fmt", "--check"] },
  { name: "deno lint", args: ["lint"] },
  { name: "deno check", args: ["check", "lib/", "tests/", "scripts/", "bench/"] },
];

/** Runs every check; returns the outcome of each. */
export async function runChecks(): Promise<{ name: string; ok: boolean }[]> {
  const out = [];
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
