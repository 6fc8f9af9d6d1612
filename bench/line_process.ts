/**
 * A reference process of `deno task bench` that answers one JSON request per line (numpy for
 * linalg, PyTorch for the GPT), so its runs and ours can alternate and a change in machine load
 * hits both sides of a ratio alike. Its first line is a JSON header (versions).
 */
import { referenceEnvironment } from "./python_reference.ts";

/** A running line-protocol process. */
export class LineProcess {
  /** the first line, parsed */
  readonly header: Record<string, unknown>;
  readonly #child: Deno.ChildProcess;
  readonly #writer: WritableStreamDefaultWriter<Uint8Array>;
  readonly #lines: AsyncIterator<string>;

  private constructor(
    child: Deno.ChildProcess,
    lines: AsyncIterator<string>,
    header: Record<string, unknown>,
  ) {
    this.#child = child;
    this.#writer = child.stdin.getWriter();
    this.#lines = lines;
    this.header = header;
  }

  /**
   * Starts `python script ...args` at `threads` threads in the references' environment
   * (bench/python_reference.ts); a string says why it did not start.
   */
  static async start(
    python: string,
    args: string[],
    threads: number,
  ): Promise<LineProcess | string> {
    let child: Deno.ChildProcess;
    try {
      child = new Deno.Command(python, {
        args,
        env: referenceEnvironment(threads),
        clearEnv: true,
        stdin: "piped",
        stdout: "piped",
        stderr: "piped",
      }).spawn();
    } catch (error) {
      return `${python} did not start (${(error as Error).message})`;
    }
    const lines = readLines(child.stdout);
    const first = await lines.next();
    if (first.done) {
      const err = new TextDecoder().decode((await child.output()).stderr).trim().split("\n").at(-1);
      return err ?? `${python} exited`;
    }
    return new LineProcess(child, lines, JSON.parse(first.value));
  }

  /** Sends one request and returns the parsed answer. */
  async request<T>(request: unknown): Promise<T> {
    await this.#writer.write(new TextEncoder().encode(JSON.stringify(request) + "\n"));
    const line = await this.#lines.next();
    if (line.done) throw new Error(`reference process exited during ${JSON.stringify(request)}`);
    return JSON.parse(line.value) as T;
  }

  /** Ends the process. */
  async close(): Promise<void> {
    await this.#writer.close();
    await this.#child.status;
    await this.#child.stderr.cancel();
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
