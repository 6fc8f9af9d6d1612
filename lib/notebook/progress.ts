/**
 * A progress bar for long runs. Inside the Deno Jupyter kernel it is one output that updates in
 * place (display_data, then update_display_data with the same display_id); in a terminal it
 * redraws one line; in a log (no TTY) it prints a plain line every 10 %.
 *
 * Library code never calls Deno.jupyter unless it exists (it is defined only inside the kernel),
 * so the same code runs under `deno test`.
 */
import { inKernel, sendToFrontEnd } from "./kernel_messages.ts";

/** Where progress reports go. */
export interface ProgressSink {
  start(id: string, text: string, html: string): void | Promise<void>;
  update(id: string, text: string, html: string, final: boolean): void | Promise<void>;
}

/** The sink for the current process: Jupyter, a terminal, or a plain log. */
export function defaultProgressSink(): ProgressSink {
  if (inKernel()) {
    const send = async (type: string, id: string, text: string, html: string) => {
      await sendToFrontEnd(type, {
        data: { "text/plain": text, "text/html": html },
        metadata: {},
        transient: { display_id: id },
      });
    };
    return {
      start: (id, text, html) => send("display_data", id, text, html),
      update: (id, text, html) => send("update_display_data", id, text, html),
    };
  }
  const encoder = new TextEncoder();
  if (Deno.stderr.isTerminal()) {
    return {
      start: (_id, text) => void Deno.stderr.writeSync(encoder.encode(text)),
      update: (_id, text, _html, final) =>
        void Deno.stderr.writeSync(encoder.encode(`\r\x1b[2K${text}${final ? "\n" : ""}`)),
    };
  }
  return {
    start: (_id, text) => console.log(text),
    update: (_id, text) => console.log(text),
  };
}

function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return "?";
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${Math.round(s - 60 * m)} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

let progressCounter = 0;

/** Options of a Progress bar. */
export interface ProgressOptions {
  /** sink for the reports (default: Jupyter, terminal or log, whichever this is) */
  sink?: ProgressSink;
  /** minimum milliseconds between two updates (default 200) */
  intervalMs?: number;
  /** clock in milliseconds (tests) */
  now?: () => number;
}

/** Counts completed units of work out of a known total and reports rate and time left. */
export class Progress {
  readonly label: string;
  readonly total: number;
  #done = 0;
  #id = `progress-${Deno.pid}-${++progressCounter}`;
  #sink: ProgressSink;
  #interval: number;
  #now: () => number;
  #start: number;
  #lastReport = -Infinity;
  #lastDecile = 0;
  #started: Promise<void>;
  #plain: boolean;

  constructor(label: string, total: number, options: ProgressOptions = {}) {
    if (!Number.isInteger(total) || total < 0) {
      throw new RangeError(`progress total must be a non-negative integer, got ${total}`);
    }
    this.label = label;
    this.total = total;
    this.#sink = options.sink ?? defaultProgressSink();
    this.#plain = options.sink === undefined && !inKernel() && !Deno.stderr.isTerminal();
    this.#interval = options.intervalMs ?? 200;
    this.#now = options.now ?? (() => performance.now());
    this.#start = this.#now();
    this.#started = Promise.resolve(this.#sink.start(this.#id, this.#text(), this.#html()));
  }

  /** Units completed so far. */
  get done(): number {
    return this.#done;
  }

  /** Marks `n` more units done; resolves once any due report has been sent. */
  async tick(n = 1): Promise<void> {
    this.#done = Math.min(this.total, this.#done + n);
    const final = this.#done === this.total;
    const t = this.#now();
    const decile = this.total === 0 ? 10 : Math.floor((10 * this.#done) / this.total);
    const due = this.#plain ? decile > this.#lastDecile : t - this.#lastReport >= this.#interval;
    if (!final && !due) return;
    this.#lastReport = t;
    this.#lastDecile = decile;
    await this.#started;
    await this.#sink.update(this.#id, this.#text(), this.#html(), final);
  }

  /** Marks the bar complete (reports once more). */
  async finish(): Promise<void> {
    if (this.#done < this.total) await this.tick(this.total - this.#done);
    else if (this.total === 0) await this.#sink.update(this.#id, this.#text(), this.#html(), true);
  }

  #text(withBar = true): string {
    const elapsed = (this.#now() - this.#start) / 1000;
    const fraction = this.total === 0 ? 1 : this.#done / this.total;
    const left = this.#done > 0 ? elapsed * (this.total - this.#done) / this.#done : NaN;
    const width = 24;
    const filled = Math.round(fraction * width);
    const bar = "#".repeat(filled) + "-".repeat(width - filled);
    const tail = this.#done === this.total
      ? `done in ${formatSeconds(elapsed)}`
      : `${formatSeconds(elapsed)} elapsed, ~${formatSeconds(left)} left`;
    return `${this.label}${withBar ? ` [${bar}]` : ""} ${this.#done}/${this.total} (${
      Math.floor(fraction * 100)
    }%) ${tail}`;
  }

  #html(): string {
    const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
    return `<div style="font-family:monospace"><progress value="${this.#done}" max="${
      Math.max(this.total, 1)
    }" style="width:16em;vertical-align:middle"></progress> ${escape(this.#text(false))}</div>`;
  }
}
