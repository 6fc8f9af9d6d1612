/**
 * A cache of level-statistics nulls by shape (lib/rmt/layer_level_statistics.ts): the layers of a
 * model share a few shapes, and the null depends only on the shape and the drawing options.
 */
import type { LevelStatisticsNull } from "./layer_level_statistics.ts";

export type LevelNullCache = Map<string, LevelStatisticsNull>;

/** The cache key of a null: every input that changes it. */
export function laguerreNullCacheKey(
  levels: number,
  samples: number,
  bulkFraction: number,
  draws: number,
  seed: number,
): string {
  return `${levels}x${samples}:${bulkFraction}:${draws}:${seed}`;
}
