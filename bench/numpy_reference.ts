/**
 * The numpy side of the linalg benchmark: a persistent `python3 bench/numpy_reference.py`
 * process answering one timing request per line, so numpy and our runs can alternate.
 */
import { join } from "node:path";
import { repositoryRoot } from "../lib/data/project_paths.ts";

/** A running numpy reference process. */
export class NumpyReference {
  readonly version: string;
  readonly #child: Deno.ChildProcess;
  readonly #writer: WritableStreamDefaultWriter<Uint8Array>;
  readonly #lines: AsyncIterator<string>;

  private constructor(
    child: Deno.ChildProcess,
    writer: WritableStreamDefaultWriter<Uint8Array>,
    lines: AsyncIterator<string>,
    version: string,
  ) {
    this.#child = child;
    this.#writer = writer;
    this.#lines = lines;
    this.version = version;
  }

  /** Starts the reference at `threads` OpenBLAS threads; a string says why it is unavailable. */
  static async start(threads: number): Promise<NumpyReference | string> {
    let child: Deno.ChildProcess;
    try {
      child = new Deno.Command("python3", {
        args: [join(repositoryRoot, "bench", "numpy_reference.py")],
        env: { OPENBLAS_NUM_THREADS: String(threads), OMP_NUM_THREADS: String(threads) },
        stdin: "piped",
        stdout: "piped",
        stderr: "piped",
      }).spawn();
    } catch (error) {
      return `no python3 (${(error as Error).message})`;
    }
    const lines = readLines(child.stdout);
    const first = await lines.next();
    if (first.done) {
      const err = new TextDecoder().decode((await child.output()).stderr).trim().split("\n").at(-1);
      return `numpy unavailable (${err ?? "python3 exited"})`;
    }
    const header = JSON.parse(first.value) as { numpy: string; config: string };
    return new NumpyReference(
      child,
      child.stdin.getWriter(),
      lines,
      `${header.numpy} (${header.config})`,
    );
  }

  /** Times `runs` calls of the case (inputs built and warmed up on first use), in ms. */
  async time(op: string, n: number, runs: number): Promise<number[]> {
    await this.#writer.write(new TextEncoder().encode(JSON.stringify({ op, n, runs }) + "\n"));
    const line = await this.#lines.next();
    if (line.done) throw new Error(`numpy reference exited during ${op} n = ${n}`);
    return (JSON.parse(line.value) as { times_ms: number[] }).times_ms;
  }

  /** Ends the process. */
  async close(): Promise<void> {
    await this.#writer.close();
    await this.#child.status;
  }
}

async function* readLines(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffered = "";
  for await (const chunk of stream) {
    buffered += decoder.decode(chunk, { stream: true });
    let newline;
    while ((newline = buffered.indexOf("\n")) >= 0) {
      yield buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
    }
  }
  if (buffered) yield buffered;
}
