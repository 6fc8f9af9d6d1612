/**
 * The agreement checks that close every notebook: theory and simulation must agree within a
 * stated, justified tolerance, or the cell throws — and a headless run (CI, `deno task test`,
 * `deno task reproduce`) fails on it. In an interactive Jupyter session the failures are reported
 * in the cell's output instead, so that Run All reaches the end after a "Try this" edit: checks
 * calibrated for the mode's parameters are expected to fail for other parameters.
 */
import { inJupyterKernel } from "./jupyter_display.ts";

/** One check: |simulated − predicted| ≤ tolerance, or value ≤ bound. */
export interface AgreementCheck {
  name: string;
  passed: boolean;
  detail: string;
}

/** Checks |simulated − predicted| ≤ tolerance. */
export function within(
  name: string,
  simulated: number,
  predicted: number,
  tolerance: number,
): AgreementCheck {
  const gap = Math.abs(simulated - predicted);
  const passed = Number.isFinite(gap) && gap <= tolerance;
  return {
    name,
    passed,
    detail: `|${fmt(simulated)} − ${fmt(predicted)}| = ${fmt(gap)} ≤ ${fmt(tolerance)}`,
  };
}

/** Checks value ≤ bound. */
export function atMost(name: string, value: number, bound: number): AgreementCheck {
  return {
    name,
    passed: Number.isFinite(value) && value <= bound,
    detail: `${fmt(value)} ≤ ${fmt(bound)}`,
  };
}

/** Checks value ≥ bound (a one-sided test: the value must lie above a null's threshold). */
export function atLeast(name: string, value: number, bound: number): AgreementCheck {
  return {
    name,
    passed: Number.isFinite(value) && value >= bound,
    detail: `${fmt(value)} ≥ ${fmt(bound)}`,
  };
}

function fmt(x: number): string {
  return Number.isFinite(x) ? Number(x.toPrecision(4)).toString() : String(x);
}

/**
 * Whether failed checks throw: outside Jupyter (tests, scripts) and in headless runs (the runner
 * sets NB_HEADLESS=1) they do; in an interactive Jupyter session they are reported.
 */
export function failedChecksThrow(): boolean {
  if (!inJupyterKernel()) return true;
  try {
    return Deno.env.get("NB_HEADLESS") === "1";
  } catch {
    return true;
  }
}

/**
 * Throws one error listing every failed check (see failedChecksThrow for where it reports
 * instead); returns a printable summary otherwise.
 */
export function assertAgreement(
  checks: readonly AgreementCheck[],
  options: { throwOnFailure?: boolean } = {},
): string {
  const failed = checks.filter((c) => !c.passed);
  const lines = checks.map((c) => `${c.passed ? "ok  " : "FAIL"} ${c.name}: ${c.detail}`);
  if (failed.length > 0) {
    if (options.throwOnFailure ?? failedChecksThrow()) {
      throw new Error(
        `theory and simulation disagree in ${failed.length} check(s):\n${lines.join("\n")}`,
      );
    }
    return `${failed.length} of ${checks.length} check(s) do not hold in this run. If you changed ` +
      `a parameter from the mode's values (a "Try this" edit), that is expected: the tolerances ` +
      `are set for the mode's sizes. Reported, not raised, because this is an interactive ` +
      `session; headless runs (deno task test, deno task reproduce) raise it. This run's figures ` +
      `and metrics are in build/outputs/, not in the committed reference.\n${lines.join("\n")}`;
  }
  return lines.join("\n");
}
