// Spectrum of one Wishart matrix on the pure-TS backend (ml-matrix), N = 100 and 200: the cost
// the primer pays per replica. The native backend will be compared here when it lands.
import { Rng } from "../lib/random/rng.ts";
import { wishartEigenvalues } from "../lib/rmt/wishart.ts";

for (const n of [100, 200]) {
  const rng = Rng.fromSeed(n);
  Deno.bench(`Wishart spectrum N = ${n}, M = ${4 * n} (js backend)`, { group: "wishart" }, () => {
    wishartEigenvalues(4 * n, n, 1, rng);
  });
}
