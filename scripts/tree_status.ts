/**
 * `git status --porcelain` of the repository, to check that a run leaves the tree as it found it
 * (quick and interactive runs write their figures and metrics to build/outputs/, never over the
 * committed reference). null where git or the repository is not there (e.g. an exported copy).
 */
import { repositoryRoot } from "../lib/data/project_paths.ts";

/** The porcelain status lines, or null without git. */
export async function treeStatus(): Promise<string[] | null> {
  try {
    const out = await new Deno.Command("git", {
      args: ["status", "--porcelain", "--untracked-files=all"],
      cwd: repositoryRoot,
      stdout: "piped",
      stderr: "null",
    }).output();
    if (!out.success) return null;
    return new TextDecoder().decode(out.stdout).split("\n").filter((l) => l.length > 0);
  } catch {
    return null;
  }
}

/** Lines of `after` that were not in `before`: what a run changed. */
export function changedBy(before: readonly string[], after: readonly string[]): string[] {
  const seen = new Set(before);
  return after.filter((l) => !seen.has(l));
}
