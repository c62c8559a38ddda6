import { colours } from "./colour.js";
import type { Colours } from "./colour.js";
import { stderr, stdout } from "./standard-streams.js";
import { formatTable } from "./table.js";

/**
 * Everything commands print goes through here: results to stdout, notes,
 * warnings, progress and errors to stderr, so `koan ... --json | jq` and
 * `$(koan ...)` see only results.
 */
export class Ui {
  readonly out: Colours = colours(stdout);
  readonly err: Colours = colours(stderr);

  /** A line (or block) of results. */
  print(text = ""): void {
    stdout.write(`${text}\n`);
  }

  /** Results exactly as given, such as a file's text. */
  write(text: string): void {
    stdout.write(text);
  }

  /** Machine-readable output: pretty JSON, dates as ISO strings. */
  json(value: unknown): void {
    stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** An aligned table with a header; `empty` is printed instead when there are no rows. */
  table(header: readonly string[], rows: readonly (readonly string[])[], empty: string): void {
    if (rows.length === 0) {
      this.note(empty);
      return;
    }
    this.print(formatTable(header, rows, { header: (h) => this.out.bold(h) }));
  }

  /** A finished change: "✓ Registered ..." (the mark only in colour). */
  success(text: string): void {
    this.print(this.out.enabled ? `${this.out.green("✓")} ${text}` : text);
  }

  /** Context that is not a result, on stderr. */
  note(text: string): void {
    stderr.write(`${text}\n`);
  }

  warn(text: string): void {
    stderr.write(`${this.err.yellow("Warning:")} ${text}\n`);
  }

  /**
   * Shows a spinner on stderr while `task` runs, if it is still running after
   * half a second and stderr is a terminal. Off the terminal nothing is drawn.
   */
  async progress<T>(label: string, task: () => Promise<T>): Promise<T> {
    if (!stderr.isTTY) return task();
    const frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
    let frame = 0;
    let drawn = false;
    const draw = () => {
      drawn = true;
      stderr.write(`\r${this.err.cyan(frames[frame++ % frames.length] as string)} ${label}`);
    };
    let interval: NodeJS.Timeout | undefined;
    const start = setTimeout(() => {
      draw();
      interval = setInterval(draw, 80);
    }, 500);
    try {
      return await task();
    } finally {
      clearTimeout(start);
      if (interval) clearInterval(interval);
      if (drawn) stderr.write("\r\u001b[2K");
    }
  }
}

export const ui = new Ui();
