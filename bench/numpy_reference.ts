/**
 * The numpy side of the linalg benchmark: a persistent `python bench/numpy_reference.py` process
 * (bench/line_process.ts) answering one timing request per line, so numpy and our runs can
 * alternate. It runs at numpy's best (bench/python_reference.ts: the project's .venv,
 * OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset).
 */
import { join } from "node:path";
import { repositoryRoot } from "../lib/data/project_paths.ts";
import { LineProcess } from "./line_process.ts";
import { referencePython } from "./python_reference.ts";

/** A running numpy reference process. */
export class NumpyReference {
  readonly version: string;
  readonly #process: LineProcess;

  private constructor(process: LineProcess) {
    this.#process = process;
    const header = process.header as { numpy: string; config: string };
    this.version = `${header.numpy} (${header.config})`;
  }

  /** Starts the reference at `threads` OpenBLAS threads; a string says why it is unavailable. */
  static async start(threads: number): Promise<NumpyReference | string> {
    const found = await referencePython("numpy", "numpy");
    if (found.python === null) return `numpy unavailable (${found.reason})`;
    const script = join(repositoryRoot, "bench", "numpy_reference.py");
    const process = await LineProcess.start(found.python, [script], threads);
    return typeof process === "string"
      ? `numpy unavailable (${process})`
      : new NumpyReference(process);
  }

  /** Times `runs` calls of the case (inputs built and warmed up on first use), in ms. */
  async time(op: string, n: number, runs: number): Promise<number[]> {
    return (await this.#process.request<{ times_ms: number[] }>({ op, n, runs })).times_ms;
  }

  /** Ends the process. */
  close(): Promise<void> {
    return this.#process.close();
  }
}
