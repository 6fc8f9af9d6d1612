/**
 * The agreement checks that close every notebook: theory and simulation must agree within a
 * stated, justified tolerance, or the cell throws — and a headless run (CI) fails on it.
 */

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

/** Throws one error listing every failed check; returns a printable summary when all pass. */
export function assertAgreement(checks: readonly AgreementCheck[]): string {
  const failed = checks.filter((c) => !c.passed);
  const lines = checks.map((c) => `${c.passed ? "ok  " : "FAIL"} ${c.name}: ${c.detail}`);
  if (failed.length > 0) {
    throw new Error(
      `theory and simulation disagree in ${failed.length} check(s):\n${lines.join("\n")}`,
    );
  }
  return lines.join("\n");
}
