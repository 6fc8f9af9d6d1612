/**
 * `deno task bench` (part 3): throughput of the Gaussian-RBM trainer in realisation-steps per
 * second at |B| = 16 (spec settings: N_v = N_h = 10, 3 Gibbs sweeps), for the explicit Gibbs
 * sampler (the authors' algorithm, the baseline) and the collapsed sampler, on one thread and over
 * workers on every core, against the target of 150k realisation-steps per second on 2 workers
 * (issue 24). Written to data/bench/rbm.json.
 */
import { join } from "node:path";
import { cpus } from "node:os";
import { writeTextAtomically } from "../lib/data/atomic_write.ts";
import { repositoryRoot } from "../lib/data/project_paths.ts";
import { runSweep } from "../lib/parallel/sweep.ts";
import { throughputTask } from "./rbm_throughput_task.ts";

/** The target: collapsed realisation-steps per second on 2 workers. */
const TARGET_PER_S = 150_000;

async function measure(sampler: "collapsed" | "gibbs", workers: number): Promise<number> {
  const realisations = 64, steps = 1500;
  const tasks = Array.from(
    { length: Math.max(1, workers) * 2 },
    (_, chunk) => ({ sampler, realisations, steps, chunk }),
  );
  throughputTask({ sampler, realisations: 4, steps: 50, chunk: 99 }); // warm-up (JIT)
  const start = performance.now();
  await runSweep(new URL("./rbm_throughput_task.ts", import.meta.url), "throughputTask", tasks, {
    workers,
    progress: false,
  });
  const seconds = (performance.now() - start) / 1000;
  return (tasks.length * realisations * steps) / seconds;
}

if (import.meta.main) {
  const cores = cpus().length;
  const rows = [];
  console.log(`RBM throughput, |B| = 16, realisation-steps per second (${cores} cores)`);
  for (const workers of [0, cores]) {
    const gibbs = await measure("gibbs", workers);
    const collapsed = await measure("collapsed", workers);
    const label = workers === 0 ? "1 thread" : `${workers} workers`;
    console.log(
      `${label.padEnd(10)} explicit Gibbs ${(gibbs / 1e3).toFixed(1)}k/s   collapsed ${
        (collapsed / 1e3).toFixed(1)
      }k/s   ratio ${(collapsed / gibbs).toFixed(2)}×`,
    );
    rows.push({
      workers,
      gibbs_per_s: gibbs,
      collapsed_per_s: collapsed,
      ratio: collapsed / gibbs,
    });
  }
  const workers2 = rows.find((r) => r.workers === 2);
  const target = workers2
    ? `${workers2.collapsed_per_s >= TARGET_PER_S ? "met" : "missed"}: ${
      (workers2.collapsed_per_s / 1e3).toFixed(1)
    }k/s collapsed on 2 workers (target ≥ ${TARGET_PER_S / 1e3}k/s)`
    : `not measured (${cores} cores, the target is for 2 workers)`;
  console.log(`target: ${target}`);
  const path = join(repositoryRoot, "data", "bench", "rbm.json");
  await writeTextAtomically(
    path,
    JSON.stringify(
      { date: new Date().toISOString(), cores, cpu: cpus()[0]?.model, chains: 16, target, rows },
      null,
      2,
    ) + "\n",
  );
  console.log(`written ${path}`);
}
