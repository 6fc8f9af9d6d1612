/**
 * The output contract: figures and metrics of a reference run go to the committed folders; any
 * other run writes them under build/outputs/; caches stay in data/<stem>/; NB_OUTPUT_DIR moves
 * everything.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  dataDirectory,
  figureDirectory,
  isReferenceRun,
  metricsDirectory,
  repositoryRoot,
} from "../../lib/data/project_paths.ts";

function withEnvironment(values: Record<string, string | undefined>, body: () => void): void {
  const saved = Object.fromEntries(Object.keys(values).map((k) => [k, Deno.env.get(k)]));
  const apply = (v: Record<string, string | undefined>) => {
    for (const [k, x] of Object.entries(v)) {
      x === undefined ? Deno.env.delete(k) : Deno.env.set(k, x);
    }
  };
  apply(values);
  try {
    body();
  } finally {
    apply(saved);
  }
}

Deno.test("output paths: only a reference run writes the committed figures and metrics", () => {
  const stem = "03_transformer_spectra";
  withEnvironment({ NB_OUTPUT_DIR: undefined, NB_REFERENCE: undefined }, () => {
    assert.equal(isReferenceRun(), false);
    assert.equal(figureDirectory(stem), join(repositoryRoot, "build", "outputs", "figures", stem));
    assert.equal(metricsDirectory(stem), join(repositoryRoot, "build", "outputs", "data", stem));
    assert.equal(dataDirectory(stem), join(repositoryRoot, "data", stem));
  });
  withEnvironment({ NB_OUTPUT_DIR: undefined, NB_REFERENCE: "1" }, () => {
    assert.equal(figureDirectory(stem), join(repositoryRoot, "figures", stem));
    assert.equal(metricsDirectory(stem), join(repositoryRoot, "data", stem));
  });
  withEnvironment({ NB_OUTPUT_DIR: "/tmp/elsewhere", NB_REFERENCE: "1" }, () => {
    assert.equal(figureDirectory(stem), join("/tmp/elsewhere", "figures", stem));
    assert.equal(metricsDirectory(stem), join("/tmp/elsewhere", "data", stem));
    assert.equal(dataDirectory(stem), join("/tmp/elsewhere", "data", stem));
  });
  withEnvironment({ NB_REFERENCE: "yes" }, () => {
    assert.throws(() => figureDirectory(stem), /NB_REFERENCE must be 1 or 0/);
  });
  assert.throws(() => figureDirectory("../x"), /not a valid notebook stem/);
});
