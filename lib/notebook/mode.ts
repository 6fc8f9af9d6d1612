/** The run mode of a notebook: quick (CI, minutes) or full (paper-scale settings). */
export type Mode = "quick" | "full";

/** Parses a mode string; undefined or "" means quick, anything else but quick/full throws. */
export function parseMode(value: string | undefined): Mode {
  if (value === undefined || value === "") return "quick";
  if (value === "quick" || value === "full") return value;
  throw new Error(`NB_MODE must be "quick" or "full", got ${JSON.stringify(value)}`);
}

/** The mode from the NB_MODE environment variable. */
export function modeFromEnvironment(): Mode {
  return parseMode(Deno.env.get("NB_MODE"));
}
