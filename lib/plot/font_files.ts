/**
 * Finds the TTF files of the paper font (DejaVu Sans) for PNG rasterisation (resvg draws no text
 * without a font file) and for PDF embedding. Looks at $PLOT_FONT_DIR, Debian/Ubuntu, Fedora/Arch
 * and macOS locations. Missing fonts are reported once, with the command that installs them.
 */
import { join } from "node:path";

/** Regular and bold font files, or null when none is found. */
export interface FontFiles {
  regular: string;
  bold: string | null;
}

const CANDIDATE_DIRECTORIES = [
  "/usr/share/fonts/truetype/dejavu", // Debian, Ubuntu (fonts-dejavu-core)
  "/usr/share/fonts/dejavu-sans-fonts", // Fedora
  "/usr/share/fonts/TTF", // Arch
  "/usr/share/fonts/dejavu",
  "/opt/homebrew/share/fonts", // Homebrew font casks
  `${Deno.env.get("HOME") ?? ""}/Library/Fonts`, // macOS per-user
  "/Library/Fonts",
];

function exists(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

let found: FontFiles | null | undefined;
let warned = false;

/** The DejaVu Sans files, searched once per process; null (and one warning) when absent. */
export function paperFontFiles(): FontFiles | null {
  if (found !== undefined) return found;
  const override = Deno.env.get("PLOT_FONT_DIR");
  const directories = override ? [override, ...CANDIDATE_DIRECTORIES] : CANDIDATE_DIRECTORIES;
  found = null;
  for (const dir of directories) {
    const regular = join(dir, "DejaVuSans.ttf");
    if (exists(regular)) {
      const bold = join(dir, "DejaVuSans-Bold.ttf");
      found = { regular, bold: exists(bold) ? bold : null };
      break;
    }
  }
  if (!found && !warned) {
    warned = true;
    console.warn(
      "plot: DejaVu Sans not found, so PNG figures will have no text and PDFs use Helvetica. " +
        "Install it with `sudo apt-get install fonts-dejavu-core` (or set PLOT_FONT_DIR).",
    );
  }
  return found;
}
