/**
 * Reference solutions of notebook 02's exercises (lib/exercises/rbm_linear_scaling.ts). Try the
 * exercise before reading on.
 */

/** 02.1: eigenvalues κ_k = m² + 2 − 2cos(2πk/N) of the periodic lattice kernel, ascending. */
export function kernelEigenvalues(n: number, m2: number): number[] {
  return Array.from({ length: n }, (_, k) => m2 + 2 - 2 * Math.cos((2 * Math.PI * k) / n))
    .sort((a, b) => a - b);
}

/** 02.2: ⟨S⟩ = √(2π)·s_off with s_off² = η(μ² − κ)/|B| (notebook 02, §4). */
export function pairSpacing(kappa: number, eta: number, chains: number, mu2: number): number {
  return Math.sqrt((2 * Math.PI * eta * (mu2 - kappa)) / chains);
}

/** 02.3: the time t = nη for dx/dt = 2x(1/κ − 1/(μ² − x)) to take x₀ to 90 % of μ² − κ (RK4). */
export function timeTo90(kappa: number, mu2: number, x0: number): number {
  const rate = (x: number) => 2 * x * (1 / kappa - 1 / (mu2 - x));
  const target = 0.9 * (mu2 - kappa);
  const dt = 0.01;
  let x = x0, t = 0;
  while (true) {
    const k1 = rate(x), k2 = rate(x + dt * k1 / 2), k3 = rate(x + dt * k2 / 2);
    const next = x + (dt / 6) * (k1 + 2 * k2 + 2 * k3 + rate(x + dt * k3));
    if (next >= target) return t + dt * (target - x) / (next - x);
    x = next;
    t += dt;
  }
}
