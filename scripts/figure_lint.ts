/**
 * `deno run -A scripts/figure_lint.ts [DIR|FILE.svg …]`: lints exported figures (default: the
 * committed figures/ tree) with lib/plot/figure_lint.ts; exits 1 when any figure has a problem.
 */
import { join, relative } from "node:path";
import { repositoryRoot } from "../lib/data/project_paths.ts";
import { lintFigureSvg, type LintProblem } from "../lib/plot/figure_lint.ts";
import { fontMetricsAvailable } from "../lib/plot/text_metrics.ts";

/** Rules that measure text, which needs the paper font's own advance widths. */
const TEXT_RULES = new Set<LintProblem["rule"]>([
  "text-overlap",
  "text-over-marker",
  "text-crossed-by-line",
]);

/**
 * Whether text can be measured here. Without the DejaVu Sans file the widths are estimates
 * (0.6 em per character), too rough to judge a 1 pt overlap, so the text rules are skipped (with
 * a note) rather than failed; setup installs the font where it can.
 */
export function textRulesApply(): boolean {
  return fontMetricsAvailable();
}

/** Every .svg under `path` (or `path` itself). */
export function* svgFiles(path: string): Generator<string> {
  const info = Deno.statSync(path);
  if (info.isFile) {
    if (path.endsWith(".svg")) yield path;
    return;
  }
  for (const e of [...Deno.readDirSync(path)].sort((a, b) => a.name.localeCompare(b.name))) {
    yield* svgFiles(join(path, e.name));
  }
}

/** Lints every SVG under the given paths; returns the problems per file (files with none left out). */
export function lintFigures(paths: readonly string[]): Map<string, LintProblem[]> {
  const found = new Map<string, LintProblem[]>();
  for (const path of paths) {
    for (const file of svgFiles(path)) {
      const problems = lintFigureSvg(Deno.readTextFileSync(file));
      found.set(
        file,
        textRulesApply() ? problems : problems.filter((p) => !TEXT_RULES.has(p.rule)),
      );
    }
  }
  return found;
}

if (import.meta.main) {
  const paths = Deno.args.length > 0 ? Deno.args : [join(repositoryRoot, "figures")];
  if (!textRulesApply()) console.log("DejaVu Sans not found: the text rules are skipped");
  const results = lintFigures(paths);
  let bad = 0;
  for (const [file, problems] of results) {
    if (problems.length === 0) continue;
    bad++;
    console.log(`${relative(Deno.cwd(), file)}:`);
    for (const p of problems) console.log(`  ${p.rule}: ${p.message}`);
  }
  console.log(`${results.size} figures linted, ${bad} with problems`);
  Deno.exit(bad === 0 ? 0 : 1);
}
