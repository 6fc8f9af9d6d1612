/** The sweep task of bench/rbm_throughput.ts (a module of its own, so workers can import it). */
import { type RbmTrainingConfig, trainGaussianRbm } from "../lib/models/gaussian_rbm.ts";
import { latticeKernel } from "../lib/theory/gaussian_rbm.ts";

/** One benchmark task: train `realisations` for `steps` steps with the given sampler. */
export interface ThroughputTask {
  sampler: "collapsed" | "gibbs";
  realisations: number;
  steps: number;
  chunk: number;
}

/** Sweep task (also used in-thread). */
export function throughputTask(t: ThroughputTask): number {
  const config: RbmTrainingConfig = {
    kernel: latticeKernel(10, 4),
    nVisible: 10,
    nHidden: 10,
    mu2: 9,
    sigmaH2: 1,
    learningRate: 0.05,
    chains: 16,
    gibbsSweeps: 3,
    realisations: t.realisations,
    initStd: 0.1,
    steps: t.steps,
    record: [],
    seed: 1,
    stream: [t.chunk],
    sampler: t.sampler,
  };
  return trainGaussianRbm(config).weights[0];
}
