/**
 * The measured part of bench/model_spectra_gpt2.ts, run in its own process so that its peak
 * resident memory (VmHWM) is the analysis's alone: `--read-only` reads every tensor and drops it
 * (the I/O and decoding reference), otherwise the full per-layer analysis. Prints one JSON line.
 */
import { analyseWeights } from "../lib/experiments/model_spectra.ts";
import { openWeights } from "../lib/rmt/weight_files.ts";

function peakRssBytes(): number | null {
  try {
    const status = Deno.readTextFileSync("/proc/self/status");
    const kb = status.match(/^VmHWM:\s+(\d+) kB/m);
    return kb ? Number(kb[1]) * 1024 : null;
  } catch {
    return null;
  }
}

if (import.meta.main) {
  const [path, mode] = Deno.args;
  const t0 = performance.now();
  const layerSeconds: { name: string; seconds: number }[] = [];
  if (mode === "--read-only") {
    const lazy = await openWeights(path);
    try {
      for (const t of lazy.tensors) await lazy.load(t.name);
    } finally {
      lazy.close();
    }
  } else {
    let last = t0;
    const r = await analyseWeights(path, {
      onLayer: (done, total, name) => {
        const now = performance.now();
        layerSeconds.push({ name, seconds: (now - last) / 1000 });
        last = now;
        if (done % 10 === 0 || done === total) {
          console.error(`  layer ${done}/${total} (${((now - t0) / 1000).toFixed(1)} s)`);
        }
      },
    });
    if (r.layers.length !== layerSeconds.length) throw new Error("layer count mismatch");
  }
  console.log(JSON.stringify({
    seconds: (performance.now() - t0) / 1000,
    peakRssBytes: peakRssBytes(),
    layerSeconds,
  }));
}
