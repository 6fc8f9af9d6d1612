/**
 * The environment change that makes OpenBLAS run other compute kernels than this machine's
 * environment gives it, for the CI guard that reruns a notebook under them: a check that holds
 * only for one machine's rounding then fails in CI, not on a user's machine. Some of our machines
 * set `OPENBLAS_CORETYPE=Haswell` (with `OPENBLAS_L2_SIZE=512`), others do not:
 * - set in the environment: run without both;
 * - not set: run with `OPENBLAS_CORETYPE=Haswell OPENBLAS_L2_SIZE=512`, or with `Sandybridge`
 *   when this CPU's own choice already is Haswell (every AVX2 CPU also runs Sandybridge kernels).
 * The kernels in effect are probed in a child process, so the change is known to take effect.
 */
import { repositoryRoot } from "../lib/data/project_paths.ts";

/** Variables to set and to remove, and the kernel names before and after. */
export interface KernelSwitch {
  set: Record<string, string>;
  unset: string[];
  current: string;
  other: string;
}

const CORE_VARIABLES = ["OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"];

/** The kernel a child Deno process reports under an environment change. */
async function probeKernel(set: Record<string, string>, unset: string[]): Promise<string> {
  const env = { ...Deno.env.toObject(), ...set };
  for (const name of unset) delete env[name];
  const code = `import { linalgKernelName } from "./lib/linalg/backend.ts";` +
    `console.log("kernel=" + linalgKernelName());`;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["eval", code],
    cwd: repositoryRoot,
    env,
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  const kernel = /kernel=(\S+)/.exec(text)?.[1];
  if (!out.success || !kernel) {
    throw new Error(
      `could not probe the OpenBLAS kernel: ${new TextDecoder().decode(out.stderr).trim()}`,
    );
  }
  return kernel;
}

/** Finds an environment change under which OpenBLAS runs other kernels; throws if none does. */
export async function otherKernelSwitch(): Promise<KernelSwitch> {
  const current = await probeKernel({}, []);
  if (current === "js") throw new Error("no native OpenBLAS: there are no kernels to switch");
  const candidates: { set: Record<string, string>; unset: string[] }[] = Deno.env.get(
      "OPENBLAS_CORETYPE",
    )
    ? [{ set: {}, unset: CORE_VARIABLES }]
    : [
      { set: { OPENBLAS_CORETYPE: "Haswell", OPENBLAS_L2_SIZE: "512" }, unset: [] },
      { set: { OPENBLAS_CORETYPE: "Sandybridge" }, unset: [] },
    ];
  for (const c of candidates) {
    const other = await probeKernel(c.set, c.unset);
    if (other !== current) return { ...c, current, other };
  }
  throw new Error(`no environment change moves OpenBLAS off its ${current} kernels here`);
}

/** A short description, e.g. "Haswell kernels (OPENBLAS_CORETYPE=Haswell …), not Cooperlake". */
export function describeSwitch(s: KernelSwitch): string {
  const changes = [
    ...Object.entries(s.set).map(([k, v]) => `${k}=${v}`),
    ...s.unset.map((k) => `${k} unset`),
  ];
  return `${s.other} kernels (${changes.join(", ")}; this machine: ${s.current})`;
}
