/**
 * Reference solutions of notebook 05's exercises (lib/exercises/sgd_limiting_dynamics.ts). Try the
 * exercise before reading on.
 */

/** 05.1: the rotation per step φ = arccos((1 + β − ηh)/(2√β)) of an underdamped mode. */
export function rotationAngle(eta: number, h: number, beta: number): number {
  return Math.acos((1 + beta - eta * h) / (2 * Math.sqrt(beta)));
}

/** 05.2: the step-size law E‖Δθ‖² = η² tr Σ_g / (S(1 − β²)). */
export function stepSizeLaw(eta: number, traceSigma: number, batch: number, beta: number): number {
  return (eta * eta * traceSigma) / (batch * (1 - beta * beta));
}

/**
 * 05.3: MSD(k) = E(θ_{j+k} − θ_j)² of one stationary mode of plain SGD, θ ← θ − η(hθ + ξ) with
 * Var ξ = s²: Var θ = ηs²/(h(2 − ηh)) and MSD(k) = 2 Var θ (1 − (1 − ηh)^k).
 */
export function modeMsd(k: number, eta: number, h: number, s2: number): number {
  const variance = (eta * s2) / (h * (2 - eta * h));
  return 2 * variance * (1 - (1 - eta * h) ** k);
}
