/** Reading an environment variable where the env permission may be missing. */

/** The variable's value; undefined when unset, empty, or not readable (no --allow-env). */
export function environmentVariable(name: string): string | undefined {
  try {
    return Deno.env.get(name) || undefined;
  } catch {
    return undefined; // no --allow-env: behave as if unset
  }
}
