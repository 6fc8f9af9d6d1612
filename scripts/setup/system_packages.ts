/**
 * Debian packages through apt, when this process is root and apt-get exists. `apt-get update` is
 * run at most once per process, and only when an install is needed.
 */
import { available, inherit } from "./run_command.ts";

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
    if (await inherit("apt-get", ["update", "-qq"], { env }) !== 0) return false;
    updated = true;
  }
  console.log(`setup: apt-get install ${packages.join(" ")}`);
  return await inherit(
    "apt-get",
    ["install", "-y", "-qq", "--no-install-recommends", ...packages],
    {
      env,
    },
  ) === 0;
}
