/**
 * Where CBLAS + LAPACK libraries are looked for. Each found file is a candidate; the selection
 * (library_choice.ts) checks each against the pure-TypeScript backend and keeps the fastest
 * correct one.
 *
 * - System OpenBLAS where Debian/Ubuntu (LP64 and the ILP64 libopenblas64), Fedora, Arch and
 *   Homebrew put it, Apple Accelerate, and Intel MKL's single dynamic library (oneAPI, $MKLROOT);
 * - the OpenBLAS that numpy ≥ 2 and SciPy wheels bundle (`numpy.libs/libscipy_openblas64_-*.so`,
 *   `numpy/.dylibs/`), and the `scipy-openblas64`/`scipy-openblas32` packages, in the site-packages
 *   of this repository's `.venv`, $VIRTUAL_ENV, $CONDA_PREFIX, pyenv, the user's and the system's
 *   Python (often a newer OpenBLAS than the distribution's, with kernels for newer processors);
 * - a conda environment's own `lib/libopenblas` and `libmkl_rt`.
 * BLIS is not a candidate: it has no LAPACK.
 */
import { basename, join } from "node:path";
import { environmentVariable } from "./environment_variable.ts";

/** Fixed system paths, in order. */
export const SYSTEM_LIBRARY_PATHS: readonly string[] = [
  "/usr/lib/x86_64-linux-gnu/libopenblas.so.0",
  "/usr/lib/aarch64-linux-gnu/libopenblas.so.0",
  "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0",
  "/usr/lib/aarch64-linux-gnu/openblas-pthread/libopenblas.so.0",
  "/usr/lib/x86_64-linux-gnu/libopenblas64.so.0",
  "/usr/lib/aarch64-linux-gnu/libopenblas64.so.0",
  "/usr/lib64/libopenblas.so.0",
  "/usr/lib64/libopenblasp.so.0",
  "/usr/lib/libopenblas.so.0",
  "/usr/lib/libopenblas.so",
  "/usr/local/lib/libopenblas.so.0",
  "/usr/local/lib/libopenblas.so",
  "/opt/homebrew/opt/openblas/lib/libopenblas.dylib",
  "/usr/local/opt/openblas/lib/libopenblas.dylib",
  "/System/Library/Frameworks/Accelerate.framework/Accelerate",
  "/opt/intel/oneapi/mkl/latest/lib/libmkl_rt.so.2",
  "/opt/intel/oneapi/mkl/latest/lib/intel64/libmkl_rt.so.2",
];

/** Library files inside one site-packages folder (and inside a prefix's lib/). */
const SITE_LIBRARY_FOLDERS = ["numpy.libs", "scipy.libs", "numpy/.dylibs", "scipy/.dylibs"];
const SITE_PACKAGE_LIBRARIES = [
  "scipy_openblas64/lib/libscipy_openblas64_.so",
  "scipy_openblas64/lib/libscipy_openblas64_.dylib",
  "scipy_openblas32/lib/libscipy_openblas.so",
  "scipy_openblas32/lib/libscipy_openblas.dylib",
];
const PREFIX_LIBRARIES = ["libopenblas.so.0", "libopenblas.dylib", "libmkl_rt.so.2"];

function entries(folder: string): string[] {
  try {
    return [...Deno.readDirSync(folder)].map((e) => e.name).sort();
  } catch {
    return []; // missing folder or no read permission
  }
}

function isFile(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

/** `prefix/lib/python3.*\/{site,dist}-packages` folders that exist. */
function sitePackages(prefix: string): string[] {
  const lib = join(prefix, "lib");
  return entries(lib).filter((name) => /^python3(\.\d+)?$/.test(name)).flatMap((python) =>
    ["site-packages", "dist-packages"].map((kind) => join(lib, python, kind))
  );
}

/** Python prefixes whose site-packages may hold numpy's or SciPy's bundled OpenBLAS. */
function pythonPrefixes(): string[] {
  const home = environmentVariable("HOME");
  const repositoryVenv = new URL("../../.venv", import.meta.url).pathname;
  const prefixes = [
    repositoryVenv,
    environmentVariable("VIRTUAL_ENV"),
    environmentVariable("CONDA_PREFIX"),
  ];
  if (home) {
    prefixes.push(join(home, ".local"));
    const pyenv = environmentVariable("PYENV_ROOT") ?? join(home, ".pyenv");
    prefixes.push(...entries(join(pyenv, "versions")).map((v) => join(pyenv, "versions", v)));
  }
  prefixes.push("/usr/local", "/usr", "/opt/homebrew");
  return prefixes.filter((p): p is string => p !== undefined);
}

function pythonLibraries(): string[] {
  const found: string[] = [];
  for (const site of pythonPrefixes().flatMap(sitePackages)) {
    for (const folder of SITE_LIBRARY_FOLDERS) {
      const dir = join(site, folder);
      found.push(...entries(dir).filter((n) => /openblas/.test(n)).map((n) => join(dir, n)));
    }
    found.push(...SITE_PACKAGE_LIBRARIES.map((p) => join(site, p)).filter(isFile));
  }
  // Debian's python3-dev layout: /usr/lib/python3/dist-packages
  for (const folder of SITE_LIBRARY_FOLDERS) {
    const dir = join("/usr/lib/python3/dist-packages", folder);
    found.push(...entries(dir).filter((n) => /openblas/.test(n)).map((n) => join(dir, n)));
  }
  return found;
}

function prefixLibraries(): string[] {
  const roots = [environmentVariable("CONDA_PREFIX"), environmentVariable("MKLROOT")];
  return roots.filter((r): r is string => r !== undefined).flatMap((root) =>
    PREFIX_LIBRARIES.map((name) => join(root, "lib", name)).filter(isFile)
  );
}

/**
 * Every candidate library on this machine that exists, once each: copies of one wheel's library
 * (the same file name and size, e.g. numpy in two virtual environments) count once.
 */
export function findLibraryCandidates(): string[] {
  // Accelerate lives in macOS's shared cache, not as a file
  const system = SYSTEM_LIBRARY_PATHS.filter((p) =>
    isFile(p) || (p.includes("Accelerate") && Deno.build.os === "darwin")
  );
  const all = [...system, ...prefixLibraries(), ...pythonLibraries()];
  const seen = new Set<string>();
  const unique: string[] = [];
  for (const path of all) {
    let identity: string;
    try {
      identity = `${basename(path)}:${Deno.statSync(path).size}`;
    } catch {
      continue;
    }
    if (path.includes("Accelerate")) identity = path;
    if (seen.has(identity)) continue;
    seen.add(identity);
    unique.push(path);
  }
  return unique;
}
