/** Plot's marker symbol names mapped to d3-shape's symbol types (as in Plot's symbol.js). */
import {
  symbolCircle,
  symbolCross,
  symbolDiamond,
  symbolPlus,
  symbolSquare,
  symbolStar,
  symbolTimes,
  symbolTriangle,
  type SymbolType,
  symbolWye,
} from "d3-shape";

const SYMBOLS: Record<string, SymbolType> = {
  circle: symbolCircle,
  cross: symbolCross,
  diamond: symbolDiamond,
  plus: symbolPlus,
  square: symbolSquare,
  star: symbolStar,
  times: symbolTimes,
  triangle: symbolTriangle,
  wye: symbolWye,
};

/** The d3 symbol type of a Plot symbol name; throws on an unknown name. */
export function symbolOf(name: string): SymbolType {
  const s = SYMBOLS[name];
  if (!s) {
    throw new Error(
      `unknown marker symbol "${name}"; use one of ${Object.keys(SYMBOLS).join(", ")}`,
    );
  }
  return s;
}
