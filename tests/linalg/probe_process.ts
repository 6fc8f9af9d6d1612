/** Runs tests/linalg/backend_probe_fixture.ts in a fresh deno (a helper of the selection tests). */
import { fileURLToPath } from "node:url";

const probeScript = fileURLToPath(new URL("./backend_probe_fixture.ts", import.meta.url));

/** The probe's exit code and output, with the given permissions and environment. */
export async function probe(permissions: string[], env: Record<string, string>) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", ...permissions, probeScript],
    // the parent's LINALG_* (e.g. the forced-fallback suite run) must not leak into the probe
    env: { LINALG_BACKEND: "", LINALG_LIBRARY: "", LINALG_THREADS: "", ...env, NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: decode(out.stdout), stderr: decode(out.stderr) };
}
