/**
 * Exercises with answer checks, in the manner of Neuromatch Academy's tutorials: the notebook
 * holds a stub that the student fills in, the check grades it against a stated tolerance, and
 * the reference solution lives in a separate file (lib/exercises/solutions/). An open stub never
 * stops Run All, a headless run or CI: the check says plainly that the exercise is open and hands
 * back the reference solution, so the cells after it run. A wrong answer is reported with what
 * is wrong, and the reference is handed back too. Answer checks use the agreement helpers
 * (within, atMost), so a correct implementation passes whatever its rounding.
 */
import type { AgreementCheck } from "./agreement.ts";

/** Thrown by a stub that has not been filled in yet. */
export class OpenExercise extends Error {
  constructor(readonly exerciseId: string) {
    super(
      `exercise ${exerciseId} is open: replace the call to todo("${exerciseId}") with your code`,
    );
    this.name = "OpenExercise";
  }
}

/**
 * The body of an unsolved stub: `return todo("00.1", levels);`. The stub passes its own inputs,
 * which are ignored, so that its parameters count as used until the student's code replaces it.
 */
export function todo(exerciseId: string, ..._inputs: unknown[]): never {
  throw new OpenExercise(exerciseId);
}

/** A function the student writes (any signature). */
// deno-lint-ignore no-explicit-any
export type ExerciseFunction = (...args: any[]) => unknown;

/** One exercise: what to write, its reference solution, and how to grade a candidate. */
export interface Exercise<F extends ExerciseFunction> {
  /** "nn.k": notebook and number */
  id: string;
  /** one line: what the student implements */
  task: string;
  /** the reference solution (kept in lib/exercises/solutions/, not shown in the notebook) */
  reference: F;
  /** where the reference solution is, relative to the repository root */
  solutionFile: string;
  /** the answer checks of a candidate (each one an agreement check with its tolerance) */
  checks(candidate: F): AgreementCheck[];
}

/** The outcome of grading one candidate. */
export interface ExerciseGrade {
  id: string;
  status: "open" | "passed" | "failed";
  /** one line per failed check, or the error a candidate threw */
  problems: string[];
  /** how many checks were made (0 when open or when the candidate threw) */
  checked: number;
}

/** Grades `candidate` without printing; an open stub anywhere inside it reports "open". */
export function gradeExercise<F extends ExerciseFunction>(
  exercise: Exercise<F>,
  candidate: F,
): ExerciseGrade {
  const base = { id: exercise.id };
  let checks: AgreementCheck[];
  try {
    checks = exercise.checks(candidate);
  } catch (error) {
    if (error instanceof OpenExercise) return { ...base, status: "open", problems: [], checked: 0 };
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { ...base, status: "failed", problems: [`your function threw ${message}`], checked: 0 };
  }
  const problems = checks.filter((c) => !c.passed).map((c) => `${c.name}: ${c.detail}`);
  return {
    ...base,
    status: problems.length === 0 ? "passed" : "failed",
    problems,
    checked: checks.length,
  };
}

/** The message a notebook shows for a grade. */
export function describeGrade(exercise: Exercise<ExerciseFunction>, grade: ExerciseGrade): string {
  const head = `Exercise ${exercise.id} (${exercise.task})`;
  switch (grade.status) {
    case "open":
      return `${head} is open. Fill in the stub above and run this cell again. Until then the ` +
        `notebook uses the reference solution (${exercise.solutionFile}), so the cells below run.`;
    case "passed":
      return `${head}: correct, all ${grade.checked} checks hold. The cells below use your function.`;
    case "failed":
      return `${head}: not yet right.\n` + grade.problems.map((p) => `  ✗ ${p}`).join("\n") +
        `\nThe cells below use the reference solution (${exercise.solutionFile}) until it is.`;
  }
}

/**
 * The answer check of a notebook cell: grades `candidate`, prints the outcome, and returns the
 * function the following cells should use — the candidate once it passes, the reference solution
 * while the exercise is open or wrong.
 */
export function checkExercise<F extends ExerciseFunction>(
  exercise: Exercise<F>,
  candidate: F,
): F {
  const grade = gradeExercise(exercise, candidate);
  console.log(describeGrade(exercise as unknown as Exercise<ExerciseFunction>, grade));
  return grade.status === "passed" ? candidate : exercise.reference;
}

/** Formats a value for a check's message. */
function show(value: unknown): string {
  if (typeof value === "number") return Number(value.toPrecision(6)).toString();
  if (ArrayBuffer.isView(value) || Array.isArray(value)) {
    const list = Array.from(value as ArrayLike<number>);
    const head = list.slice(0, 4).map(show).join(", ");
    return `[${head}${list.length > 4 ? ", …" : ""}] (length ${list.length})`;
  }
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

/**
 * Checks that a candidate's number (or list of numbers) equals the expected one within a
 * relative tolerance `relative` (plus `absolute` for values near zero): any correct way of
 * computing it passes; a value of the wrong kind or length fails with a message saying so.
 */
export function matchesValue(
  name: string,
  got: unknown,
  expected: number | ArrayLike<number>,
  relative: number,
  absolute = 0,
): AgreementCheck {
  const fail = (detail: string) => ({ name, passed: false, detail });
  if (typeof expected === "number") {
    if (typeof got !== "number") return fail(`returned ${show(got)}, expected a number`);
    const gap = Math.abs(got - expected);
    const bound = relative * Math.abs(expected) + absolute;
    return {
      name,
      passed: Number.isFinite(got) && gap <= bound,
      detail: `got ${show(got)}, expected ${show(expected)} (tolerance ${show(bound)})`,
    };
  }
  if (!(ArrayBuffer.isView(got) || Array.isArray(got))) {
    return fail(`returned ${show(got)}, expected ${expected.length} numbers`);
  }
  const list = Array.from(got as ArrayLike<unknown>);
  if (list.length !== expected.length) {
    return fail(`returned ${list.length} values, expected ${expected.length}`);
  }
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    const bound = relative * Math.abs(expected[i]) + absolute;
    if (typeof v !== "number" || !Number.isFinite(v) || Math.abs(v - expected[i]) > bound) {
      return fail(
        `entry ${i} is ${show(v)}, expected ${show(expected[i])} (tolerance ${show(bound)})`,
      );
    }
  }
  return {
    name,
    passed: true,
    detail: `all ${list.length} values within ${show(relative)} relative`,
  };
}
