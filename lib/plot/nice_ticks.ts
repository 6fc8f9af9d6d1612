/** d3's "nice" linear tick values (1, 2, 5 × 10ⁿ steps), typed (d3-array ships no types for Deno). */
import { ticks } from "d3-array";

/** About `count` round values between lo and hi, inclusive of round ends. */
export function niceTicks(lo: number, hi: number, count: number): number[] {
  return (ticks as (lo: number, hi: number, count: number) => number[])(lo, hi, count);
}
