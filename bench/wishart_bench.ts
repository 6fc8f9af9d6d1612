// Spectrum of one Wishart matrix (sampling, WᵀW/M by gemm, eigvalsh), N = 100 and 200, on the
// native backend against the pure-TS fallback (the baseline of each group).
import { nativeUnavailableReason, withLinalgBackend } from "../lib/linalg/backend.ts";
import { Rng } from "../lib/random/rng.ts";
import { wishartEigenvalues } from "../lib/rmt/wishart.ts";

const backends = nativeUnavailableReason() === "" ? ["js", "native"] as const : ["js"] as const;
for (const n of [100, 200]) {
  for (const backend of backends) {
    const rng = Rng.fromSeed(n);
    Deno.bench(
      `Wishart spectrum N = ${n}, M = ${4 * n} (${backend})`,
      { group: `wishart N = ${n}`, baseline: backend === "js" },
      () => {
        withLinalgBackend(backend, () => wishartEigenvalues(4 * n, n, 1, rng));
      },
    );
  }
}
