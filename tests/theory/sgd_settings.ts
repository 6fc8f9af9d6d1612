/** SGD hyperparameters for tests: η, β, λ (default 0) and S (default 1). */
export const hyper = (eta: number, beta: number, lambda = 0, s = 1) => ({
  learningRate: eta,
  momentum: beta,
  weightDecay: lambda,
  batchSize: s,
});
