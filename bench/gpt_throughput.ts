/**
 * `deno task bench` (part 4): training steps per second of the character GPT at the full
 * config's size (4 layers, 4 heads, width 128, context 64, batch 32, vocabulary 85), on random
 * tokens. References measured in the same run: the same trainer on the pure-TypeScript linalg
 * backend, and PyTorch CPU (bench/gpt_torch_reference.py) when `python3 -c "import torch"` works.
 * Written to data/bench/gpt.json.
 */
import { join } from "node:path";
import { cpus } from "node:os";
import { writeTextAtomically } from "../lib/data/atomic_write.ts";
import { repositoryRoot } from "../lib/data/project_paths.ts";
import {
  linalgBackendDescription,
  linalgThreads,
  withLinalgBackend,
} from "../lib/linalg/backend.ts";
import { GPT_CONFIGS } from "../lib/experiments/gpt_run_config.ts";
import { AdamW } from "../lib/models/gpt/adamw.ts";
import { Gpt } from "../lib/models/gpt/gpt_model.ts";
import { decayMask } from "../lib/models/gpt/gpt_parameters.ts";
import { trainingStep } from "../lib/models/gpt/gpt_training_step.ts";
import { Rng } from "../lib/random/rng.ts";

const { model: shape, training } = GPT_CONFIGS.full;
const architecture = { ...shape, vocab: 85 };
const batch = training.batch, time = shape.context;

/** Steps per second over about `seconds` (after 2 warm-up steps). */
function stepsPerSecond(seconds: number, minSteps: number): number {
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
  let n = 0;
  const start = performance.now();
  while (n < minSteps || performance.now() - start < seconds * 1000) {
    step();
    n++;
  }
  return n / ((performance.now() - start) / 1000);
}

async function torchStepsPerSecond(): Promise<{ steps_per_s: number; torch: string } | string> {
  const config = JSON.stringify({
    ...architecture,
    batch,
    threads: linalgThreads() ?? 1,
    seconds: 10,
  });
  try {
    const out = await new Deno.Command("python3", {
      args: [join(repositoryRoot, "bench", "gpt_torch_reference.py"), config],
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (!out.success) {
      const err = new TextDecoder().decode(out.stderr).trim().split("\n").at(-1) ?? "";
      return `PyTorch not measured (${err})`;
    }
    return JSON.parse(new TextDecoder().decode(out.stdout).trim().split("\n").at(-1)!);
  } catch (error) {
    return `PyTorch not measured (${(error as Error).message})`;
  }
}

if (import.meta.main) {
  console.log(
    `GPT training throughput, full config (${JSON.stringify(architecture)}, batch ${batch})`,
  );
  const native = stepsPerSecond(10, 5);
  console.log(`this project, ${linalgBackendDescription()}: ${native.toFixed(2)} steps/s`);
  const js = withLinalgBackend("js", () => stepsPerSecond(5, 2));
  console.log(
    `this project, pure-TypeScript linalg: ${js.toFixed(3)} steps/s (native is ${
      (native / js).toFixed(1)
    }×)`,
  );
  const torch = await torchStepsPerSecond();
  if (typeof torch === "string") console.log(torch);
  else {console.log(
      `PyTorch ${torch.torch} CPU: ${torch.steps_per_s.toFixed(2)} steps/s (ours is ${
        (native / torch.steps_per_s).toFixed(2)
      }× PyTorch)`,
    );}
  const path = join(repositoryRoot, "data", "bench", "gpt.json");
  await writeTextAtomically(
    path,
    JSON.stringify(
      {
        date: new Date().toISOString(),
        cores: cpus().length,
        cpu: cpus()[0]?.model,
        architecture,
        batch,
        backend: linalgBackendDescription(),
        steps_per_s: native,
        js_backend_steps_per_s: js,
        torch: torch,
      },
      null,
      2,
    ) + "\n",
  );
  console.log(`written ${path}`);
}
