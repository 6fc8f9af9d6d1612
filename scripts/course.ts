/**
 * What makes a notebook a course notebook, read from the notebook itself: its title, the front
 * matter of its "Before you start" cell (objectives, prerequisites, study time, notation), its
 * exercises (a "### Exercise nn.k · title" heading, a stub calling todo("nn.k"), an answer check
 * calling checkExercise) and its Think! prompts. The course site (scripts/book.ts) builds its
 * index from this, and tests/scripts/course_test.ts holds every notebook to it.
 */
import { join } from "node:path";
import { repositoryRoot } from "../lib/data/project_paths.ts";

interface NotebookJson {
  cells: { cell_type: string; source: string | string[] }[];
}

/** One notebook's course structure. */
export interface CourseNotebook {
  stem: string;
  /** "00" */
  number: string;
  /** the title after "# 00 · " */
  title: string;
  /** the bullets under "**You will be able to**" (markdown, math included) */
  objectives: string[];
  /** the paragraph after "**Prerequisites.**" */
  prerequisites: string;
  /** the first sentence after "**Study time.**" */
  studyTime: string;
  /** whether the front matter has a notation table */
  hasNotation: boolean;
  /** "nn.k" of each "### Exercise nn.k" heading, in order */
  exercises: string[];
  /** "nn.k" of each stub (todo("nn.k")) and each answer check (checkExercise in a code cell) */
  stubs: string[];
  checks: number;
  /** the number of **Think!** prompts */
  thinks: number;
}

const text = (source: string | string[]) => Array.isArray(source) ? source.join("") : source;

/** Parses one notebook's course structure; throws naming the part that is missing. */
export function readCourseNotebook(
  stem: string,
  directory = join(repositoryRoot, "notebooks"),
): CourseNotebook {
  const nb = JSON.parse(Deno.readTextFileSync(join(directory, `${stem}.ipynb`))) as NotebookJson;
  const markdown = nb.cells.filter((c) => c.cell_type === "markdown").map((c) => text(c.source));
  const code = nb.cells.filter((c) => c.cell_type === "code").map((c) => text(c.source));
  const heading = markdown[0]?.match(/^# (\d\d) · (.+)$/m);
  if (!heading) throw new Error(`${stem}: the first cell must start with "# nn · title"`);
  const front = markdown.find((m) => m.startsWith("## Before you start"));
  if (!front) throw new Error(`${stem}: no "## Before you start" cell`);
  const section = (label: string) => {
    const m = front.match(new RegExp(`\\*\\*${label}\\*\\*([\\s\\S]*?)(?=\\n\\n\\*\\*|$)`));
    if (!m) throw new Error(`${stem}: the front matter has no "**${label}**"`);
    return m[1].trim();
  };
  const objectives = section("You will be able to").split(/\n- /).map((s) =>
    s.replace(/^- /, "").replace(/\s+/g, " ").trim()
  ).filter((s) => s.length > 0);
  const all = markdown.join("\n\n");
  return {
    stem,
    number: heading[1],
    title: heading[2].trim(),
    objectives,
    prerequisites: section("Prerequisites\\.").replace(/\s+/g, " "),
    studyTime: section("Study time\\.").replace(/\s+/g, " ").split(/(?<=\.)\s/)[0],
    hasNotation: /\*\*Notation\*\*[\s\S]*\|\s*symbol\s*\|\s*meaning\s*\|/.test(front),
    exercises: [...all.matchAll(/^### Exercise (\d\d\.\d+) · /gm)].map((m) => m[1]),
    stubs: code.flatMap((c) => [...c.matchAll(/return todo\("(\d\d\.\d+)"/g)].map((m) => m[1])),
    checks: code.filter((c) => /\bcheckExercise\(/.test(c)).length,
    thinks: [...all.matchAll(/^\*\*Think!\*\* (?!prompts|answers)/gm)].length,
  };
}
