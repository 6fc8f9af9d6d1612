/**
 * Finds a Python that has Jupyter's nbclient and nbconvert (the reference implementation of the
 * Jupyter protocol, which executes notebooks headlessly), installing them when it can:
 * Debian packages when root with apt, `pip install --user` where pip works, otherwise an error
 * that gives the exact command to run.
 */
import { capture } from "./run_command.ts";
import { aptInstall, canInstallWithApt } from "./system_packages.ts";

const MODULES = ["nbclient", "nbconvert", "jupyter_client"];
const APT_PACKAGES = ["jupyter-nbconvert", "python3-nbclient", "python3-ipykernel"];
const PIP_PACKAGES = ["nbclient", "nbconvert", "ipykernel"];

/** Candidate Python interpreters, in order of preference. */
function pythonCandidates(): string[] {
  const override = Deno.env.get("NB_PYTHON");
  // Debian's python comes first: that is where apt puts nbclient/nbconvert.
  return [...(override ? [override] : []), "/usr/bin/python3", "python3", "python"];
}

async function hasModules(python: string): Promise<boolean> {
  const code = `import ${MODULES.join(", ")}`;
  return (await capture(python, ["-c", code])).code === 0;
}

async function findPython(candidates: string[]): Promise<string | null> {
  for (const python of candidates) {
    if (await hasModules(python)) return python;
  }
  return null;
}

async function pipWorks(python: string): Promise<boolean> {
  return (await capture(python, ["-m", "pip", "--version"])).code === 0;
}

/** The exact commands a user can run to get the Jupyter tools. */
export const JUPYTER_INSTALL_HINT =
  `sudo apt-get install ${APT_PACKAGES.join(" ")}   (Debian/Ubuntu)\n` +
  `  or: python3 -m pip install --user ${PIP_PACKAGES.join(" ")}`;

/**
 * Returns a Python interpreter with nbclient + nbconvert, installing them if needed and possible.
 * Throws one clear error naming the command to run otherwise.
 */
export async function ensureJupyterPython(
  options: { candidates?: string[]; install?: boolean } = {},
): Promise<string> {
  const candidates = options.candidates ?? pythonCandidates();
  const install = options.install ?? true;
  const found = await findPython(candidates);
  if (found) return found;
  if (install && await canInstallWithApt()) {
    if (await aptInstall(APT_PACKAGES)) {
      const afterApt = await findPython(candidates);
      if (afterApt) return afterApt;
    }
  }
  for (const python of install ? ["python3", "python"] : []) {
    if (await pipWorks(python)) {
      console.log(`setup: ${python} -m pip install --user ${PIP_PACKAGES.join(" ")}`);
      const r = await capture(python, ["-m", "pip", "install", "--user", ...PIP_PACKAGES]);
      if (r.code === 0 && await hasModules(python)) return python;
      break;
    }
  }
  throw new Error(
    `Jupyter's nbconvert and nbclient are missing and could not be installed here.\n` +
      `Install them with:\n  ${JUPYTER_INSTALL_HINT}\nthen run the task again.`,
  );
}
