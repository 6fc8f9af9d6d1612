/**
 * Optional system pieces: OpenBLAS (native linear algebra) and the DejaVu font (text in PNG and
 * PDF figures). Installed when root with apt; otherwise the project runs without them and says
 * so once, with the command that would add them.
 */
import { aptInstall, canInstallWithApt } from "./system_packages.ts";
import { capture } from "./run_command.ts";
import { paperFontFiles } from "../../lib/plot/font_files.ts";

interface OptionalPiece {
  name: string;
  aptPackage: string;
  files: string[];
  without: string;
}

const PIECES: OptionalPiece[] = [
  {
    name: "OpenBLAS",
    aptPackage: "libopenblas0-pthread",
    files: [
      "/usr/lib/x86_64-linux-gnu/libopenblas.so.0",
      "/usr/lib/aarch64-linux-gnu/libopenblas.so.0",
      "/usr/lib64/libopenblas.so.0",
      "/opt/homebrew/opt/openblas/lib/libopenblas.dylib",
      "/System/Library/Frameworks/Accelerate.framework", // macOS: Accelerate serves instead
    ],
    without: "linear algebra runs on the pure-TypeScript backend (slower)",
  },
  {
    name: "DejaVu Sans font",
    aptPackage: "fonts-dejavu-core",
    files: [
      "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
      "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf",
      "/usr/share/fonts/TTF/DejaVuSans.ttf",
      `${Deno.env.get("HOME") ?? ""}/Library/Fonts/DejaVuSans.ttf`,
      "/Library/Fonts/DejaVuSans.ttf",
      `${Deno.env.get("PLOT_FONT_DIR") ?? "/nonexistent"}/DejaVuSans.ttf`,
    ],
    without: "PNG figures have no text and PDFs use Helvetica",
  },
];

function present(piece: OptionalPiece): boolean {
  // the font: wherever the plot layer itself finds it ($PLOT_FONT_DIR included)
  if (piece.aptPackage === "fonts-dejavu-core" && paperFontFiles() !== null) return true;
  return piece.files.some((f) => {
    try {
      Deno.statSync(f);
      return true;
    } catch {
      return false;
    }
  });
}

/** Installs what is missing when possible; returns one note per piece still missing. */
export async function ensureOptionalPackages(): Promise<string[]> {
  const missing = PIECES.filter((p) => !present(p));
  // a package that dpkg already lists is not installed again: its files are elsewhere or hidden,
  // and another apt-get run would not bring them back
  const installed = new Set<string>();
  for (const p of missing) if (await debianPackageInstalled(p.aptPackage)) installed.add(p.name);
  const installable = missing.filter((p) => !installed.has(p.name));
  if (installable.length > 0 && await canInstallWithApt()) {
    await aptInstall(installable.map((p) => p.aptPackage));
  }
  return PIECES.filter((p) => !present(p)).map((p) =>
    installed.has(p.name)
      ? `${p.name} is not found where this project looks although ${p.aptPackage} is installed, ` +
        `so ${p.without}${
          p.aptPackage === "fonts-dejavu-core" ? " (set PLOT_FONT_DIR to its folder)" : ""
        }`
      : `${p.name} is missing, so ${p.without}; install it with: sudo apt-get install ${p.aptPackage}`
  );
}

/** True when dpkg lists the package as installed (false without dpkg). */
async function debianPackageInstalled(name: string): Promise<boolean> {
  const r = await capture("dpkg-query", ["-W", "-f=${Status}", name]);
  return r.code === 0 && r.stdout.includes("install ok installed");
}
