/**
 * Quadrature over the Marchenko–Pastur law of W = GᵀG/n for G (n×d) iid N(0,1), ratio γ = d/n:
 * an atom (1 − 1/γ)_+ at 0 and the density √((b−λ)(λ−a))/(2πγλ) on [a, b], a, b = (1 ∓ √γ)²
 * (T04.4). The substitution λ = a + (b−a)(1 − cos θ)/2 removes the square-root endpoints,
 * so the midpoint rule in θ converges fast. Kept in theory/ (theory does not import rmt/ or models/).
 */

/** Nodes and weights (the weights sum to the continuous mass) plus the atom at 0. */
export interface MpQuadrature {
  nodes: Float64Array;
  weights: Float64Array;
  atom: number;
}

/** The quadrature with `count` nodes. */
export function marchenkoPasturQuadrature(ratio: number, count = 1000): MpQuadrature {
  if (!(ratio > 0) || !Number.isFinite(ratio)) {
    throw new RangeError(`ratio must be positive, got ${ratio}`);
  }
  const a = (1 - Math.sqrt(ratio)) ** 2, b = (1 + Math.sqrt(ratio)) ** 2;
  const nodes = new Float64Array(count), weights = new Float64Array(count);
  let total = 0;
  for (let k = 0; k < count; k++) {
    const theta = (Math.PI * (k + 0.5)) / count;
    const lambda = a + ((b - a) * (1 - Math.cos(theta))) / 2;
    const dl = ((b - a) * Math.sin(theta)) / 2 * (Math.PI / count);
    const density = Math.sqrt(Math.max(0, (b - lambda) * (lambda - a))) /
      (2 * Math.PI * ratio * lambda);
    nodes[k] = lambda;
    weights[k] = density * dl;
    total += weights[k];
  }
  const atom = Math.max(0, 1 - 1 / ratio);
  // renormalise the continuous part to its exact mass (removes the O(1/count²) quadrature error)
  const mass = 1 - atom;
  for (let k = 0; k < count; k++) weights[k] *= mass / total;
  return { nodes, weights, atom };
}
