/**
 * Ticks of logarithmic axes, labelled as a physicist expects: powers of ten as 10ⁿ (or as plain
 * decimals 0.01 … 1000 when every label fits that range), never with SI prefixes ("100m", "10µ")
 * as d3's default log format does; an axis spanning less than two decades gets 1–2–5 ticks with
 * plain decimal labels (and evenly spaced nice values where 1–2–5 gives fewer than three), so
 * that it has at least two labelled ticks.
 */

import { niceTicks } from "./nice_ticks.ts";

const SUPERSCRIPT_DIGITS: Record<string, string> = {
  "0": "⁰",
  "1": "¹",
  "2": "²",
  "3": "³",
  "4": "⁴",
  "5": "⁵",
  "6": "⁶",
  "7": "⁷",
  "8": "⁸",
  "9": "⁹",
  "-": "⁻",
};

/** "10ⁿ" with a Unicode superscript exponent (e.g. 10⁻³). */
export function powerOfTenLabel(exponent: number): string {
  return "10" + [...String(exponent)].map((c) => SUPERSCRIPT_DIGITS[c]).join("");
}

/** A plain decimal (typographic minus, no exponent, no trailing zeros), 3 significant digits. */
export function plainDecimal(value: number): string {
  if (value === 0) return "0";
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(value))));
  const text = value.toFixed(Math.min(20, digits));
  return (text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text).replace("-", "−");
}

/** Tick values and their labels for a log axis over [lo, hi] (0 < lo < hi). */
export interface LogTicks {
  ticks: number[];
  format: (value: number) => string;
}

/** Powers of ten within the domain (thinned to at most `maxTicks`), or 1–2–5 ticks. */
export function logTicks(domain: readonly [number, number], maxTicks = 7): LogTicks {
  const lo = Math.min(domain[0], domain[1]);
  const hi = Math.max(domain[0], domain[1]);
  if (!(lo > 0 && hi > lo && Number.isFinite(hi))) {
    throw new RangeError(`log axis domain must be positive and increasing, got [${lo}, ${hi}]`);
  }
  // relative tolerance: a data limit computed as 0.05 may be 0.05000001, and its tick belongs
  const eps = 1e-6;
  const first = Math.ceil(Math.log10(lo) - eps);
  const last = Math.floor(Math.log10(hi) + eps);
  if (last - first + 1 >= 2) {
    const step = Math.ceil((last - first + 1) / maxTicks);
    const exponents: number[] = [];
    for (let e = first; e <= last; e += step) exponents.push(e);
    const plain = exponents.every((e) => e >= -2 && e <= 3);
    const label = new Map(
      exponents.map((e) => [10 ** e, plain ? plainDecimal(10 ** e) : powerOfTenLabel(e)]),
    );
    return {
      ticks: [...label.keys()],
      format: (v) => label.get(v) ?? plainDecimal(v),
    };
  }
  const ticks: number[] = [];
  for (let e = Math.floor(Math.log10(lo)) - 1; e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of [1, 2, 5]) {
      const v = Number((m * 10 ** e).toPrecision(12));
      if (v >= lo * (1 - eps) && v <= hi * (1 + eps)) ticks.push(v);
    }
  }
  if (ticks.length >= 3) return { ticks, format: plainDecimal };
  // narrower than that: evenly spaced "nice" values, as on a linear axis
  const linear = niceTicks(lo, hi, 4).filter((v) => v > 0);
  return { ticks: linear.length >= 2 ? linear : [lo, hi], format: plainDecimal };
}

/** True when a tick label carries an SI prefix (e.g. "100m", "10µ", "1k", "2M"). */
export function hasSiPrefix(label: string): boolean {
  return /^[−-]?\d+(\.\d+)?\s?[yzafpnµμmkMGTPEZY]$/.test(label.trim());
}
