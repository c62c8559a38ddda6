/**
 * Colour only where a person reads it: never when NO_COLOR is set (any
 * value) or `--no-color` was given, always when FORCE_COLOR is set (not
 * "0"), else only on a terminal. Decided per stream.
 */
export interface Colours {
  readonly enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

let disabledByFlag = false;

/** `--no-color` was given. */
export function disableColour(): void {
  disabledByFlag = true;
}

export function colourEnabled(stream: { isTTY?: boolean }): boolean {
  if (disabledByFlag) return false;
  const noColor = process.env.NO_COLOR;
  if (noColor !== undefined && noColor !== "") return false;
  const force = process.env.FORCE_COLOR;
  if (force !== undefined && force !== "" && force !== "0" && force !== "false") return true;
  if (process.env.TERM === "dumb") return false;
  return stream.isTTY === true;
}

export function colours(stream: { isTTY?: boolean }): Colours {
  const enabled = colourEnabled(stream);
  const wrap = (open: number, close: number) => (text: string) => (enabled ? `\u001b[${open}m${text}\u001b[${close}m` : text);
  return {
    enabled,
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    red: wrap(31, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    cyan: wrap(36, 39),
  };
}

/** The printed width of a text, without colour codes. */
export function visibleLength(text: string): number {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, "").length;
}
