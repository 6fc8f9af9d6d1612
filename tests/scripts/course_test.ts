/**
 * The course module's structure (issue: a course module): every notebook has its front matter,
 * 3–5 exercises each with a stub and an answer check, 2–3 Think! prompts with their answers kept
 * apart in docs/answers/; every target label cited anywhere resolves to
 * docs/reproduction_targets.md; nothing cites a specification that is not in the repository.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { repositoryRoot } from "../../lib/data/project_paths.ts";
import { readCourseNotebook } from "../../scripts/course.ts";
import { allNotebookStems } from "../../scripts/notebook_list.ts";
import * as exercises from "../../lib/exercises/mod.ts";

const read = (path: string) => Deno.readTextFileSync(join(repositoryRoot, path));

function* files(dir: string, ext: RegExp): Generator<string> {
  for (const e of Deno.readDirSync(join(repositoryRoot, dir))) {
    const p = `${dir}/${e.name}`;
    if (e.name.startsWith(".")) continue;
    if (e.isDirectory) yield* files(p, ext);
    else if (ext.test(e.name)) yield p;
  }
}

const sources = () =>
  ["notebooks", "lib", "tests", "scripts", "docs"].flatMap((d) => [
    ...files(d, /\.(ts|ipynb|md|json)$/),
  ]);

Deno.test("every notebook has front matter, 3–5 checked exercises and 2–3 Think! prompts", () => {
  const defined = new Set(
    Object.values(exercises).flatMap((m) => Object.values(m).map((e) => e.id)),
  );
  for (const stem of allNotebookStems()) {
    const c = readCourseNotebook(stem);
    assert.ok(c.objectives.length >= 3, `${stem}: ${c.objectives.length} objectives`);
    assert.ok(c.prerequisites.length > 20, `${stem}: prerequisites`);
    assert.match(c.studyTime, /About .*(minutes|hours?)/, `${stem}: study time`);
    assert.ok(c.hasNotation, `${stem}: notation table`);
    assert.ok(c.exercises.length >= 3 && c.exercises.length <= 5, `${stem}: ${c.exercises}`);
    assert.deepEqual(c.stubs, c.exercises, `${stem}: one stub per exercise, in order`);
    assert.equal(c.checks, c.exercises.length, `${stem}: one answer check per exercise`);
    for (const id of c.exercises) {
      assert.ok(id.startsWith(`${c.number}.`), `${stem}: exercise ${id} is numbered for it`);
      assert.ok(defined.has(id), `${stem}: exercise ${id} has no definition in lib/exercises`);
    }
    assert.ok(c.thinks >= 2 && c.thinks <= 3, `${stem}: ${c.thinks} Think! prompts`);
    const answers = read(`docs/answers/${stem}.md`);
    const answered = [...answers.matchAll(/^## Think \d/gm)].length;
    assert.equal(answered, c.thinks, `${stem}: ${c.thinks} prompts, ${answered} answers`);
  }
});

Deno.test("no citation of a specification outside the repository", () => {
  const pattern = /the spec\b|spec §|shared\/specs|\.\.\/shared\//i;
  const offenders = sources().filter((f) => !f.startsWith("tests/scripts/course_test"))
    .flatMap((f) =>
      read(f).split("\n").flatMap((line, i) => pattern.test(line) ? [`${f}:${i + 1}`] : [])
    );
  assert.deepEqual(offenders, []);
});

Deno.test("every target label resolves to docs/reproduction_targets.md, and no old label is left", () => {
  const doc = read("docs/reproduction_targets.md");
  const sections = new Map<string, string>();
  const parts = doc.split(/^### /m).slice(1);
  for (const part of parts) {
    const label = part.match(/^(T\d\d\.\d+) · /)?.[1];
    if (label) sections.set(label, part);
  }
  assert.ok(sections.size >= 40, `only ${sections.size} targets in the document`);
  const unresolved: string[] = [];
  const stale: string[] = [];
  for (const f of sources().filter((f) => f !== "tests/scripts/course_test.ts")) {
    const t = read(f);
    for (const m of t.matchAll(/\bT(\d\d\.\d+)([a-e])?\b/g)) {
      const section = sections.get(`T${m[1]}`);
      if (!section) unresolved.push(`${f}: ${m[0]}`);
      else if (m[2] && !section.includes(`(${m[2]})`)) unresolved.push(`${f}: ${m[0]} (no part)`);
    }
    // labels of the old numbering: "target 9", "T11b", "T7:" (not followed by ".digit")
    for (const m of t.matchAll(/\btargets? \d+\b|\bT\d{1,2}[a-e]?\b(?!\.\d)/g)) {
      stale.push(`${f}: ${m[0]}`);
    }
  }
  assert.deepEqual(unresolved, []);
  assert.deepEqual(stale, []);
});
