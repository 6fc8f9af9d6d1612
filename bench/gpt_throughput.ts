/**
 * `deno task bench` (part 4): training steps per second of the character GPT at the full
 * config's size (4 layers, 4 heads, width 128, context 64, batch 32, vocabulary 85), on random
 * tokens, on one thread and on every core. References measured in the same run: PyTorch CPU
 * (bench/gpt_torch_reference.py, from the project's .venv, installed there with pip when pip can;
 * our runs and PyTorch's alternate in three rounds at each thread count) and the same trainer on
 * the pure-TypeScript linalg backend. Also where our step spends its time: the forward pass, the
 * backward pass and AdamW, and within them the BLAS products (of the fastest of 8 profiled steps),
 * and the time outside BLAS part by part (bench/gpt_step_parts.ts). Written to data/bench/gpt.json.
 */
import { join } from "node:path";
import { cpus } from "node:os";
import { writeTextAtomically } from "../lib/data/atomic_write.ts";
import { repositoryRoot } from "../lib/data/project_paths.ts";
import {
  linalgBackendDescription,
  linalgThreads,
  setLinalgThreads,
  withLinalgBackend,
} from "../lib/linalg/backend.ts";
import { GPT_CONFIGS } from "../lib/experiments/gpt_run_config.ts";
import { AdamW, clipGradientNorm } from "../lib/models/gpt/adamw.ts";
import { Gpt } from "../lib/models/gpt/gpt_model.ts";
import { decayMask } from "../lib/models/gpt/gpt_parameters.ts";
import { trainingStep } from "../lib/models/gpt/gpt_training_step.ts";
import { Rng } from "../lib/random/rng.ts";
import { stepParts } from "./gpt_step_parts.ts";
import { LineProcess } from "./line_process.ts";
import { timeSgemm } from "./timed_sgemm.ts";
import { referencePython, unsetDescription } from "./python_reference.ts";

const { model: shape, training } = GPT_CONFIGS.full;
const architecture = { ...shape, vocab: 85 };
const batch = training.batch, time = shape.context;
const ROUNDS = 3;
const ROUND_SECONDS = 4;

/** A model, optimiser and batch ready to step. */
function trainer() {
  const model = new Gpt(architecture, Rng.fromSeed(1));
  const opt = new AdamW(
    { beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0.1 },
    model.params,
    decayMask(architecture),
  );
  const rng = Rng.fromSeed(2);
  const data = {
    tokens: Int32Array.from({ length: batch * time }, () => rng.int(85)),
    targets: Int32Array.from({ length: batch * time }, () => rng.int(85)),
  };
  const step = () => trainingStep(model, opt, data, { batch, time }, 1e-3, 1);
  step();
  step();
  return { model, opt, data, step };
}

/** Steps per second of `step` over about `seconds` (at least `minSteps`). */
function rate(step: () => void, seconds: number, minSteps: number): number {
  let n = 0;
  const start = performance.now();
  while (n < minSteps || performance.now() - start < seconds * 1000) {
    step();
    n++;
  }
  return n / ((performance.now() - start) / 1000);
}

/**
 * Milliseconds in the forward pass, backward pass and clipping + AdamW, and in BLAS products, of
 * the fastest of `steps` steps (the one least disturbed by other processes on a shared machine).
 */
function profile(steps: number) {
  const { model, opt, data } = trainer();
  const blas = timeSgemm();
  let fastest = { forward: Infinity, backward: Infinity, optimiser: Infinity, blas: Infinity };
  const total = (p: typeof fastest) => p.forward + p.backward + p.optimiser;
  try {
    for (let i = 0; i < steps; i++) {
      blas.reset();
      const t0 = performance.now();
      model.forward(data.tokens, data.targets, batch, time);
      const t1 = performance.now();
      model.backward();
      const t2 = performance.now();
      clipGradientNorm(model.grads, 1);
      opt.update(model.params, model.grads, 1e-3);
      const t3 = performance.now();
      const parts = { forward: t1 - t0, backward: t2 - t1, optimiser: t3 - t2, blas: blas.ms };
      if (total(parts) < total(fastest)) fastest = parts;
    }
  } finally {
    blas.restore();
  }
  return fastest;
}

async function torchReference(threads: number): Promise<LineProcess | string> {
  const found = await referencePython("torch", "torch");
  if (found.python === null) return `PyTorch not measured (${found.reason})`;
  const config = JSON.stringify({ ...architecture, batch, threads });
  const process = await LineProcess.start(
    found.python,
    [join(repositoryRoot, "bench", "gpt_torch_reference.py"), config],
    threads,
  );
  return typeof process === "string" ? `PyTorch not measured (${process})` : process;
}

const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];

if (import.meta.main) {
  const cores = cpus().length;
  console.log(
    `GPT training throughput, full config (${JSON.stringify(architecture)}, batch ${batch}); ` +
      `${ROUNDS} alternating rounds of ${ROUND_SECONDS} s per side; PyTorch with ${unsetDescription()}`,
  );
  const rows = [];
  let torchVersion: string | null = null;
  for (const threads of [...new Set([1, cores])]) {
    setLinalgThreads(threads);
    const ours = trainer();
    const torch = await torchReference(threads);
    if (typeof torch !== "string") torchVersion = String(torch.header.torch);
    const oursRates: number[] = [], torchRates: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      oursRates.push(rate(ours.step, ROUND_SECONDS, 3));
      if (typeof torch !== "string") {
        torchRates.push(
          (await torch.request<{ steps_per_s: number }>({ seconds: ROUND_SECONDS })).steps_per_s,
        );
      }
    }
    if (typeof torch !== "string") await torch.close();
    const parts = profile(8);
    const outsideBlas = stepParts(architecture, batch);
    const row = {
      threads,
      steps_per_s: median(oursRates),
      torch_steps_per_s: torchRates.length ? median(torchRates) : null,
      ratio_to_torch: torchRates.length ? median(oursRates) / median(torchRates) : null,
      rounds: { ours: oursRates, torch: torchRates },
      ms_per_step: parts,
      ms_per_step_outside_blas: outsideBlas,
      torch: typeof torch === "string" ? torch : undefined,
    };
    rows.push(row);
    const vsTorch = row.ratio_to_torch === null
      ? (typeof torch === "string" ? torch : "")
      : `PyTorch ${row.torch_steps_per_s!.toFixed(2)} steps/s; ours is ${
        row.ratio_to_torch.toFixed(2)
      }× PyTorch`;
    console.log(
      `${threads} thread${threads === 1 ? " " : "s"}: ours ${
        row.steps_per_s.toFixed(2)
      } steps/s; ` +
        vsTorch,
    );
    const step = parts.forward + parts.backward + parts.optimiser;
    console.log(
      `  our fastest step ${step.toFixed(0)} ms: forward ${parts.forward.toFixed(0)}, backward ${
        parts.backward.toFixed(0)
      }, clipping + AdamW ${parts.optimiser.toFixed(1)}; BLAS products ${
        parts.blas.toFixed(0)
      } ms, everything else (TypeScript, one thread) ${(step - parts.blas).toFixed(0)} ms`,
    );
    console.log(
      `  outside BLAS, each part timed alone: ${
        Object.entries(outsideBlas).sort((x, y) => y[1] - x[1])
          .map(([part, ms]) => `${part} ${ms.toFixed(1)}`).join(", ")
      } ms`,
    );
  }
  const js = withLinalgBackend("js", () => rate(trainer().step, 5, 2));
  console.log(`this project on the pure-TypeScript linalg backend: ${js.toFixed(3)} steps/s`);
  const path = join(repositoryRoot, "data", "bench", "gpt.json");
  await writeTextAtomically(
    path,
    JSON.stringify(
      {
        date: new Date().toISOString(),
        cores,
        cpu: cpus()[0]?.model,
        architecture,
        batch,
        backend: linalgBackendDescription(),
        threads_after: linalgThreads(),
        torch: torchVersion,
        torch_environment: unsetDescription(),
        timing: `median of ${ROUNDS} alternating rounds of ${ROUND_SECONDS} s per side`,
        rows,
        js_backend_steps_per_s: js,
      },
      null,
      2,
    ) + "\n",
  );
  console.log(`written ${path}`);
}
