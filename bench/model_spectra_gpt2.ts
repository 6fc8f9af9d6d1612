/**
 * `deno task bench` (part 5): the spectra analysis of a GPT-2-small-sized model (124 M f32
 * parameters, ~500 MB of safetensors: 12 blocks of c_attn [768, 2304], attn.c_proj [768, 768],
 * c_fc [768, 3072] and mlp.c_proj [3072, 768] with their biases and layer norms, the [50257, 768]
 * token and [1024, 768] position embeddings), written once to build/bench/ with Gaussian entries
 * of sd 0.02 (GPT-2's initialisation) and analysed with the native backend in a child process:
 * total time, time per layer (the slowest named), peak RSS, against the targets of ≤ 2 min and
 * ≤ 1.2 GB, and the ratio to reading and decoding every tensor in the same run. Written to
 * data/bench/spectra.json.
 */
import { join } from "node:path";
import { cpus } from "node:os";
import { writeTextAtomically } from "../lib/data/atomic_write.ts";
import { repositoryRoot } from "../lib/data/project_paths.ts";
import { FastNormals } from "../lib/random/fast_normals.ts";
import { Rng } from "../lib/random/rng.ts";

const C = 768, BLOCKS = 12, VOCAB = 50257, CONTEXT = 1024;

/** The tensors of GPT-2 small (Hugging Face names and Conv1D layouts). */
function gpt2SmallShapes(): [string, number[]][] {
  const out: [string, number[]][] = [["wte.weight", [VOCAB, C]], ["wpe.weight", [CONTEXT, C]]];
  for (let b = 0; b < BLOCKS; b++) {
    const h = `h.${b}`;
    out.push(
      [`${h}.ln_1.weight`, [C]],
      [`${h}.ln_1.bias`, [C]],
      [`${h}.attn.c_attn.weight`, [C, 3 * C]],
      [`${h}.attn.c_attn.bias`, [3 * C]],
      [`${h}.attn.c_proj.weight`, [C, C]],
      [`${h}.attn.c_proj.bias`, [C]],
      [`${h}.ln_2.weight`, [C]],
      [`${h}.ln_2.bias`, [C]],
      [`${h}.mlp.c_fc.weight`, [C, 4 * C]],
      [`${h}.mlp.c_fc.bias`, [4 * C]],
      [`${h}.mlp.c_proj.weight`, [4 * C, C]],
      [`${h}.mlp.c_proj.bias`, [C]],
    );
  }
  out.push(["ln_f.weight", [C]], ["ln_f.bias", [C]]);
  return out;
}

/** Writes the synthetic file tensor by tensor (never the whole model in memory). */
async function writeSynthetic(path: string): Promise<number> {
  const shapes = gpt2SmallShapes();
  const header: Record<string, unknown> = { __metadata__: { format: "pt", note: "synthetic" } };
  let offset = 0, parameters = 0;
  for (const [name, shape] of shapes) {
    const count = shape.reduce((a, b) => a * b, 1);
    header[name] = { dtype: "F32", shape, data_offsets: [offset, offset + 4 * count] };
    offset += 4 * count;
    parameters += count;
  }
  let json = JSON.stringify(header);
  json += " ".repeat((8 - (json.length % 8)) % 8);
  const tmp = `${path}.partial`;
  const file = await Deno.open(tmp, { write: true, create: true, truncate: true });
  try {
    const head = new Uint8Array(8);
    new DataView(head.buffer).setBigUint64(0, BigInt(json.length), true);
    await file.write(head);
    await file.write(new TextEncoder().encode(json));
    const normals = new FastNormals(Rng.fromSeed(124));
    for (const [name, shape] of shapes) {
      const count = shape.reduce((a, b) => a * b, 1);
      const chunk = new Float32Array(Math.min(count, 1 << 22));
      for (let done = 0; done < count; done += chunk.length) {
        const part = chunk.subarray(0, Math.min(chunk.length, count - done));
        if (shape.length === 1) part.fill(name.includes(".weight") ? 1 : 0);
        else for (let i = 0; i < part.length; i++) part[i] = 0.02 * normals.normal();
        let bytes = new Uint8Array(part.buffer, part.byteOffset, part.byteLength);
        while (bytes.length > 0) bytes = bytes.subarray(await file.write(bytes));
      }
    }
  } finally {
    file.close();
  }
  await Deno.rename(tmp, path);
  return parameters;
}

async function runTask(path: string, extra: string[]) {
  const { code, stdout } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", join(repositoryRoot, "bench", "model_spectra_task.ts"), path, ...extra],
    stdout: "piped",
    stderr: "inherit",
  }).output();
  if (code !== 0) throw new Error(`model_spectra_task exited with ${code}`);
  const text = new TextDecoder().decode(stdout).trim().split("\n").at(-1)!;
  return JSON.parse(text) as {
    seconds: number;
    peakRssBytes: number | null;
    layerSeconds: { name: string; seconds: number }[];
  };
}

if (import.meta.main) {
  const dir = join(repositoryRoot, "build", "bench");
  await Deno.mkdir(dir, { recursive: true });
  const path = join(dir, "gpt2_small_synthetic.safetensors");
  try {
    await Deno.stat(path);
  } catch {
    console.log(`writing ${path} (about 500 MB, once)`);
    const parameters = await writeSynthetic(path);
    console.log(`  ${(parameters / 1e6).toFixed(1)} M parameters`);
  }
  const read = await runTask(path, ["--read-only"]);
  const full = await runTask(path, []);
  const gb = (b: number | null) => (b === null ? null : b / 1024 ** 3);
  const slowest = [...full.layerSeconds].sort((a, b) => b.seconds - a.seconds).slice(0, 3);
  const result = {
    date: new Date().toISOString(),
    cores: cpus().length,
    cpu: cpus()[0]?.model,
    layers: full.layerSeconds.length,
    seconds: full.seconds,
    secondsPerLayer: full.seconds / full.layerSeconds.length,
    slowestLayers: slowest,
    peakRssGB: gb(full.peakRssBytes),
    readSeconds: read.seconds,
    readPeakRssGB: gb(read.peakRssBytes),
    ratioToRead: full.seconds / read.seconds,
    targets: { seconds: 120, peakRssGB: 1.2 },
    meetsTargets: full.seconds <= 120 && (full.peakRssBytes ?? Infinity) <= 1.2 * 1024 ** 3,
  };
  console.log(
    `spectra of a GPT-2-small-sized file: ${result.layers} layers in ${
      full.seconds.toFixed(1)
    } s ` +
      `(${result.secondsPerLayer.toFixed(2)} s per layer; slowest ${
        slowest.map((s) => `${s.name} ${s.seconds.toFixed(1)} s`).join(", ")
      }), peak RSS ${result.peakRssGB?.toFixed(2)} GB; reading alone ${
        read.seconds.toFixed(1)
      } s ` +
      `(${result.ratioToRead.toFixed(1)}× that); targets ≤ 120 s and ≤ 1.2 GB: ${
        result.meetsTargets ? "met" : "NOT met"
      }`,
  );
  const out = join(repositoryRoot, "data", "bench", "spectra.json");
  await writeTextAtomically(out, JSON.stringify(result, null, 2) + "\n");
  console.log(`written ${out}`);
}
