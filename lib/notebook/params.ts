/**
 * Typed notebook parameters with a quick and a full value each:
 *
 *   const p = resolveParams({ n: { quick: 200, full: 2000 }, label: { quick: "a", full: "b" } }, mode);
 *   // p.n: number, p.label: string
 *
 * Overrides (e.g. from a reader who wants another size) replace single values, checked by type.
 */
import type { Mode } from "./mode.ts";

/** A parameter's value in each mode. */
export interface ModeValues<T> {
  quick: T;
  full: T;
}

/** A specification: parameter name → its quick and full values. */
export type ParamSpec = Record<string, ModeValues<unknown>>;

/** The resolved parameters of a spec. */
export type Params<S extends ParamSpec> = { readonly [K in keyof S]: S[K]["full"] };

function kind(value: unknown): string {
  return Array.isArray(value) ? "array" : value === null ? "null" : typeof value;
}

/** Resolves `spec` for `mode`, applying `overrides`; throws on mistyped or unknown names. */
export function resolveParams<S extends ParamSpec>(
  spec: S,
  mode: Mode,
  overrides: Partial<Record<keyof S, unknown>> = {},
): Params<S> {
  const out: Record<string, unknown> = {};
  for (const [name, values] of Object.entries(spec)) {
    if (
      values === null || typeof values !== "object" || !("quick" in values) || !("full" in values)
    ) {
      throw new Error(`parameter ${name} needs {quick, full} values`);
    }
    if (kind(values.quick) !== kind(values.full)) {
      throw new Error(
        `parameter ${name}: quick is ${kind(values.quick)} but full is ${kind(values.full)}`,
      );
    }
    checkFinite(name, values.quick);
    checkFinite(name, values.full);
    out[name] = values[mode];
  }
  for (const [name, value] of Object.entries(overrides)) {
    if (!(name in spec)) {
      throw new Error(`unknown parameter ${name}; known: ${Object.keys(spec).join(", ")}`);
    }
    if (kind(value) !== kind(spec[name].full)) {
      throw new Error(`parameter ${name} must be ${kind(spec[name].full)}, got ${kind(value)}`);
    }
    checkFinite(name, value);
    out[name] = value;
  }
  return Object.freeze(out) as Params<S>;
}

function checkFinite(name: string, value: unknown): void {
  const values = Array.isArray(value) ? value : [value];
  for (const v of values) {
    if (typeof v === "number" && !Number.isFinite(v)) {
      throw new Error(`parameter ${name} is ${v}; parameters must be finite`);
    }
  }
}
