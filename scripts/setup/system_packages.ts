/**
 * Debian packages through apt, when this process is root and apt-get exists. `apt-get update` is
 * run at most once per process, and only when an install is needed.
 */
import { available, capture, type CommandResult } from "./run_command.ts";

let updated = false;

/** True when packages can be installed here without asking anyone (root with apt-get). */
export async function canInstallWithApt(): Promise<boolean> {
  return Deno.uid?.() === 0 && await available("apt-get");
}

/** Installs Debian packages; returns true on success. */
export async function aptInstall(packages: string[]): Promise<boolean> {
  const env = { DEBIAN_FRONTEND: "noninteractive" };
  if (!updated) {
    console.log(`setup: apt-get update (to install ${packages.join(", ")})`);
    if (!quietly(await capture("apt-get", ["update", "-qq"], { env }))) return false;
    updated = true;
  }
  console.log(`setup: apt-get install ${packages.join(" ")}`);
  const install = ["install", "-y", "-qq", "--no-install-recommends", ...packages];
  return quietly(await capture("apt-get", install, { env: { ...Deno.env.toObject(), ...env } }));
}

/** True when the command succeeded; otherwise prints the end of its output and returns false. */
function quietly(result: CommandResult): boolean {
  if (result.code === 0) return true;
  const tail = `${result.stdout}\n${result.stderr}`.trim().split("\n").slice(-10).join("\n");
  console.error(`setup: failed (exit ${result.code}):\n${tail}`);
  return false;
}
