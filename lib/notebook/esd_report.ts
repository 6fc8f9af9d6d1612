/**
 * `esdReport(W)`: the spectral report of one weight matrix for a notebook — the ESD analysis of
 * lib/rmt/esd_analysis.ts shown as a table and two figures (histogram with the MP fit; log–log
 * tail), with `save(name)` to export the figures. Works on any DenseMatrix, including matrices
 * read from .npy or .safetensors files (lib/rmt/npy_format.ts, safetensors_format.ts).
 */
import type { DenseMatrix, FloatArray } from "../linalg/dense_matrix.ts";
import { analyseSpectrum, type EsdAnalysis, type EsdOptions } from "../rmt/esd_analysis.ts";
import { esdDensityFigure, esdTailFigure } from "../plot/esd_figures.ts";
import type { Figure } from "../plot/figure.ts";
import { jupyterDisplay, type MimeBundle } from "./jupyter_display.ts";
import { table } from "./table.ts";

/** The summary rows of an analysis (quantity, value). */
export function esdSummary(a: EsdAnalysis): { quantity: string; value: string | number }[] {
  const tail = a.tail;
  return [
    { quantity: "shape M×N", value: `${a.rows}×${a.cols}` },
    { quantity: "aspect ratio c = min/max", value: a.ratio },
    { quantity: "MP fit: entry variance s²", value: a.variance },
    {
      quantity: "MP bulk edges x₋, x₊",
      value: `${a.edges[0].toPrecision(4)}, ${a.edges[1].toPrecision(4)}`,
    },
    { quantity: "KS distance to the MP fit", value: a.ks },
    { quantity: "largest eigenvalue", value: a.eigenvalues[a.eigenvalues.length - 1] },
    { quantity: "outlier threshold", value: a.outlierThreshold },
    { quantity: "outliers", value: a.outliers.length },
    {
      quantity: "tail exponent α (x ≥ x_min)",
      value: tail
        ? `${tail.alpha.toFixed(2)} ± ${tail.alphaError.toFixed(2)} (x_min = ${
          tail.xmin.toPrecision(3)
        }, ${tail.tailSize} values)`
        : "—",
    },
    { quantity: `⟨r̃⟩ (central ${Math.round(100 * a.bulkFraction)} %)`, value: a.meanTildeRatio },
  ];
}

/** An ESD report: the analysis, its figures, and the notebook display. */
export class EsdReport {
  readonly analysis: EsdAnalysis;
  readonly density: Figure;
  readonly tail: Figure;

  constructor(analysis: EsdAnalysis) {
    this.analysis = analysis;
    this.density = esdDensityFigure(analysis);
    this.tail = esdTailFigure(analysis);
  }

  /** Saves <name>_density and <name>_tail (SVG, PNG, PDF) to figures/<stem>/. */
  async save(name: string): Promise<this> {
    await this.density.save(`${name}_density`);
    await this.tail.save(`${name}_tail`);
    return this;
  }

  [jupyterDisplay](): MimeBundle {
    const summary = table(esdSummary(this.analysis));
    const html = summary[jupyterDisplay]()["text/html"];
    return {
      // figures that `save` already showed in this cell are not repeated
      "text/html": `<div style="display:flex;gap:1em;align-items:flex-start;flex-wrap:wrap">` +
        `<div>${html}</div>` +
        [this.density, this.tail].filter((f) => !f.shownInline).map((f) => `<div>${f.svg}</div>`)
          .join("") +
        `</div>`,
      "text/plain": summary.toString(),
    };
  }

  toString(): string {
    return table(esdSummary(this.analysis)).toString();
  }
}

/** The ESD report of W (spectrum of WᵀW, MP fit, outliers, tail, ⟨r̃⟩). */
export function esdReport(w: DenseMatrix<FloatArray>, options: EsdOptions = {}): EsdReport {
  return new EsdReport(analyseSpectrum(w, options));
}
