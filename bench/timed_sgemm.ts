/**
 * Bench-only instrumentation: wraps the active linalg backend's sgemm so that the time of every
 * product the GPT makes is summed, until restore() puts the original back.
 */
import { linalgBackend } from "../lib/linalg/backend.ts";
import type { Gemm } from "../lib/linalg/linalg_backend.ts";

/** The running sum of sgemm time in ms. */
export interface SgemmTimer {
  /** ms spent in sgemm since the last reset */
  readonly ms: number;
  reset(): void;
  restore(): void;
}

/** Starts timing the active backend's sgemm. */
export function timeSgemm(): SgemmTimer {
  const backend = linalgBackend() as { sgemm: Gemm<Float32Array> };
  const sgemm = backend.sgemm;
  let ms = 0;
  Object.defineProperty(backend, "sgemm", {
    configurable: true,
    value: ((...args: Parameters<Gemm<Float32Array>>) => {
      const start = performance.now();
      sgemm(...args);
      ms += performance.now() - start;
    }) as Gemm<Float32Array>,
  });
  return {
    get ms() {
      return ms;
    },
    reset: () => (ms = 0, undefined),
    restore: () => Object.defineProperty(backend, "sgemm", { configurable: true, value: sgemm }),
  };
}
