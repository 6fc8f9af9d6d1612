/**
 * The spectra report: one stand-alone HTML page (lib/notebook/offline_page.ts: no script, no
 * network) with the per-layer table of the last checkpoint, α per layer, the level statistics per
 * layer against their iid nulls, each metric against the training step when the input is a
 * checkpoint series, and every layer's ESD on log–log axes with its MP and power-law fits.
 */
import { esdTailFigure } from "../plot/esd_figures.ts";
import type { Figure } from "../plot/figure.ts";
import { escapeHtml, offlinePage } from "../notebook/offline_page.ts";
import type { SpectraRow, SpectraStudy } from "./model_spectra.ts";
import {
  alphaPerLayerFigure,
  FLOW_METRICS,
  flowFigure,
  levelStatisticsFigure,
} from "../figures/spectra_of_your_model.ts";

const fixed = (v: number | null, digits = 3) => v === null ? "—" : v.toFixed(digits);

function figureBlock(make: () => Figure, caption: string): string {
  try {
    return `<figure>${make().screenSvg()}<figcaption>${escapeHtml(caption)}</figcaption></figure>`;
  } catch (error) {
    return `<p class="book-meta">${escapeHtml((error as Error).message)}</p>`;
  }
}

function layerTable(rows: readonly SpectraRow[]): string {
  const head = [
    "layer",
    "shape",
    "MP s²",
    "spikes",
    "α ± err",
    "α̂",
    "stable rank",
    "entropy",
    "traps",
    "⟨r̃⟩ [iid 99 %]",
    "⟨s²⟩ [iid 99 %]",
    "level repulsion",
  ];
  const body = rows.map((r) =>
    `<tr><td>${escapeHtml(r.name)}</td><td>${r.rows}×${r.cols}</td>` +
    [
      r.mpVariance.toPrecision(3),
      String(r.spikes),
      r.alpha === null ? "no tail" : `${fixed(r.alpha, 2)} ± ${fixed(r.alphaError, 2)}`,
      fixed(r.alphaHat, 2),
      fixed(r.stableRank, 1),
      fixed(r.entropy),
      String(r.correlationTraps),
      r.meanTildeRatio === null
        ? "—"
        : `${fixed(r.meanTildeRatio)} [${fixed(r.tildeRatioNullLow)}, ${
          fixed(r.tildeRatioNullHigh)
        }]`,
      r.meanSquaredSpacing === null
        ? "—"
        : `${fixed(r.meanSquaredSpacing)} [${fixed(r.spacingNullLow)}, ${
          fixed(r.spacingNullHigh)
        }]`,
      r.levelRepulsion ?? "—",
    ].map((c) => `<td class="num">${escapeHtml(c)}</td>`).join("") + "</tr>"
  ).join("\n");
  return `<div class="table-scroll"><table><thead><tr>${
    head.map((h) => `<th>${escapeHtml(h)}</th>`).join("")
  }</tr></thead><tbody>${body}</tbody></table></div>`;
}

/** The report of a study as one HTML page. */
export function spectraReportHtml(
  study: SpectraStudy,
  title = "Spectra of a trained model",
): string {
  const last = study.checkpoints.at(-1);
  if (!last) throw new RangeError("the study has no checkpoint");
  const finalRows = study.rows.filter((r) => r.checkpoint === last.label);
  const series = study.checkpoints.length > 1;
  const parts = [
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="book-meta">${
      escapeHtml(study.path)
    } · ${study.checkpoints.length} checkpoint(s) · ` +
    `${finalRows.length} layers${
      series ? ` · table and layer figures at ${escapeHtml(last.label)}` : ""
    }</p>`,
    `<p>How to read it. <strong>MP s²</strong> is the bulk variance of the Marchenko–Pastur fit, ` +
    `<strong>spikes</strong> the eigenvalues beyond its Tracy–Widom outlier threshold. ` +
    `<strong>α</strong> is the exponent of the eigenvalue density's tail p(x) ∝ x^−α ` +
    `(Clauset–Shalizi–Newman fit, error from a bootstrap that refits x_min), shown only where a ` +
    `tail beyond the MP edge is supported. <strong>Traps</strong> are outliers of the ` +
    `entry-shuffled matrix. <strong>⟨r̃⟩</strong> and <strong>⟨s²⟩</strong> are level ` +
    `statistics of the bulk, in brackets the 99 % interval of an iid matrix of the same shape: ` +
    `"GOE" means the layer keeps random-matrix level repulsion, "weaker" that its levels moved ` +
    `towards uncorrelated ones.</p>`,
    `<h2>Layers</h2>`,
    layerTable(finalRows),
    ...(study.checkpoints.some((c) => c.spectra.skipped.length)
      ? [
        `<p class="book-meta">Not analysed: ${
          escapeHtml(last.spectra.skipped.map((s) => `${s.name} (${s.reason})`).join("; "))
        }</p>`,
      ]
      : []),
    `<h2>Tail exponent per layer</h2>`,
    figureBlock(
      () => alphaPerLayerFigure(finalRows),
      "α ± bootstrap error, layers in table order.",
    ),
    `<h2>Level statistics per layer</h2>`,
    figureBlock(
      () => levelStatisticsFigure(finalRows),
      "⟨r̃⟩ of each layer's bulk and the 99 % interval of an iid matrix of its shape.",
    ),
  ];
  if (series) {
    parts.push(`<h2>Over training</h2>`);
    for (const metric of Object.keys(FLOW_METRICS) as (keyof typeof FLOW_METRICS)[]) {
      parts.push(
        figureBlock(
          () => flowFigure(study.rows, metric),
          `${
            FLOW_METRICS[metric].replace(/_\{(\w+)\}/g, "_$1")
          } against the training step, one line per layer.`,
        ),
      );
    }
  }
  if (last.spectra.spectra.size > 0) {
    parts.push(`<h2>Each layer's spectrum</h2>`);
    for (const [name, a] of last.spectra.spectra) {
      parts.push(
        `<details class="layer"><summary>${escapeHtml(name)} (${a.rows}×${a.cols})</summary>${
          figureBlock(() => esdTailFigure(a), "fraction of eigenvalues above x, with the fits")
        }</details>`,
      );
    }
  }
  return offlinePage(title, parts.join("\n"));
}
