/** `deno task bench`: the benchmarks in bench/ (deno bench; each group reports ratios to its baseline). */
import { repositoryRoot } from "../lib/data/project_paths.ts";
import { inherit } from "./setup/run_command.ts";

if (import.meta.main) {
  const code = await inherit(Deno.execPath(), ["bench", "-A", "bench/", ...Deno.args], {
    cwd: repositoryRoot,
  });
  Deno.exit(code);
}
