/**
 * The dense linear-algebra backend in use. For now the only backend is the pure-TypeScript one
 * (ml-matrix); the native OpenBLAS/LAPACK backend through Deno FFI is the lib/linalg issue.
 * Notebooks record this name in their metrics so every number says how it was computed.
 */

/** Name of the backend that computes eigenvalues and products in this process. */
export function linalgBackendName(): string {
  return "js";
}
