/**
 * Stationary fluctuations of the teacher–student SGD model around W_t = κI (notebook 01).
 *
 * Near the fixed point δ = W_s − W_t evolves as δ ← δ(I − ηC_k) + ηA_k, with C_k the minibatch
 * mean of x xᵀ (E C = I) and A_k the minibatch-mean noise, GOE-type with off-diagonal variance
 * σ² = ε²/|B|. With C_k = I this is an Ornstein–Uhlenbeck process whose symmetric part has
 * off-diagonal variance (the discrete-time OU process of a linear recursion with additive noise)
 *
 *   s²_OU = η ε² / ((2 − η) |B|),   continuum (η → 0): η ε² / (2|B|).
 *
 * The data make the drift random too [derived here]. For fresh Gaussian data each step,
 * M = I − ηC has E[M_lj M_mk] = (1−η)² δ_lj δ_mk + (η²/|B|)(δ_lm δ_jk + δ_lk δ_jm) (Wishart fourth
 * moments), and the stationary second moments of δ are exactly rotation invariant:
 * E[δ_ij δ_kq] = a δ_ik δ_jq + b δ_iq δ_jk + c δ_ij δ_kq. Matching coefficients in
 * P = E[M…M] P + η² Σ_A gives, with k₀ = η(2 − η) and q = η²/|B|,
 *
 *   b = η²σ² / (k₀ − q²/k₀),   c = q b / k₀,   a = (η²σ² + q (b + c)) / (k₀ − q (n + 1)).
 *
 * Off-diagonal entries have variance a, the transpose correlation is E[δ_ij δ_ji] = b, and the
 * symmetric part — whose eigenvalues are the singular values of W_s to first order — has
 * off-diagonal variance
 *
 *   s² = (a + b) / 2,
 *
 * which reduces to s²_OU when q → 0 (|B| → ∞).
 * For n = 2 this is within 1 % of s²_OU; for the n = 50 semicircle model at |B| = 16 it is about
 * 10 % larger. Pair spacing of a 2×2 GOE block: ⟨S⟩ = √(2π) s; semicircle radius R = 2√n s.
 */

/** Parameters of one setting. */
export interface TeacherStudentSetting {
  learningRate: number;
  batchSize: number;
  noise: number;
  /** matrix size n (2 for the pair model) */
  n: number;
}

/** The OU prediction s²_OU = ηε²/((2 − η)|B|) (data noise neglected). */
export function ouOffDiagonalVariance(s: TeacherStudentSetting): number {
  return (s.learningRate * s.noise ** 2) / ((2 - s.learningRate) * s.batchSize);
}

/** The continuum prediction ηε²/(2|B|). */
export function continuumOffDiagonalVariance(s: TeacherStudentSetting): number {
  return (s.learningRate * s.noise ** 2) / (2 * s.batchSize);
}

/** s² including the multiplicative data noise (see the module comment); throws if unstable. */
export function offDiagonalVariance(s: TeacherStudentSetting): number {
  const a = s.learningRate;
  const sigma2 = s.noise ** 2 / s.batchSize;
  const k0 = a * (2 - a);
  const q = (a * a) / s.batchSize;
  const rowContraction = k0 - q * (s.n + 1);
  if (!(rowContraction > 0) || !(k0 > 0)) {
    throw new RangeError(
      `no stationary state: η(2 − η) = ${k0.toFixed(4)} ≤ η²(n + 1)/|B| = ${
        (q * (s.n + 1)).toFixed(4)
      }`,
    );
  }
  const b = (a * a * sigma2) / (k0 - (q * q) / k0);
  const c = (q * b) / k0;
  const offDiagonal = (a * a * sigma2 + q * (b + c)) / rowContraction;
  return (offDiagonal + b) / 2;
}

/** ⟨S⟩ = √(2π s²) of a 2×2 GOE block with off-diagonal variance s². */
export function meanPairSpacing(offDiagonalVariance: number): number {
  return Math.sqrt(2 * Math.PI * offDiagonalVariance);
}

/** The diagonal standard deviation σ = √2 s of ρ(x; x₀, σ), for which ⟨S⟩ = √π σ. */
export function pairSigma(offDiagonalVariance: number): number {
  return Math.sqrt(2 * offDiagonalVariance);
}
