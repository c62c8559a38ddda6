import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import type { KeyValueArgs } from "../args/key-values.js";
import { CliError } from "../cli-error.js";
import { loadYaml } from "../yaml.js";
import { ui } from "../output/ui.js";

/*
 * Where secret values come from: --KEY=VALUE options, a file (.env, .json,
 * .yaml) and standard input (KEY=VALUE lines or JSON), merged in that order
 * of increasing precedence: file, stdin, options. No message here ever
 * quotes a value.
 */

export async function collectSecretValues(args: KeyValueArgs, options: { fromFile?: string; stdin?: boolean }): Promise<Record<string, string>> {
  const values: Record<string, string> = {};
  if (options.fromFile) Object.assign(values, await fromFile(options.fromFile));
  if (options.stdin) Object.assign(values, parseText(await readAll(), "standard input"));
  for (const [key, value] of args.pairs) {
    if (value === true) throw new CliError("INVALID_INPUT", `--${key} has no value. Write it as --${key}=VALUE.`);
    values[key] = value;
  }
  return values;
}

async function fromFile(path: string): Promise<Record<string, string>> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    throw new CliError("NOT_FOUND", `No file ${path} to read secret values from.`);
  }
  const ext = extname(path).toLowerCase();
  if (ext === ".yaml" || ext === ".yml") {
    const { parse } = await loadYaml();
    let data: unknown;
    try {
      data = parse(text);
    } catch {
      throw new CliError("INVALID_INPUT", `${path} is not valid YAML.`);
    }
    return fromObject(data, path);
  }
  return parseText(text, path);
}

/** JSON when it starts with `{`, else `.env` lines: `KEY=VALUE`, `export KEY=VALUE`, `#` comments, quoted values. */
function parseText(text: string, source: string): Record<string, string> {
  if (text.trim().startsWith("{")) {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      throw new CliError("INVALID_INPUT", `${source} starts with "{" but is not valid JSON.`);
    }
    return fromObject(data, source);
  }
  const values: Record<string, string> = {};
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (!line || line.startsWith("#")) return;
    const match = /^(?:export\s+)?([^=\s]+)\s*=\s*(.*)$/.exec(line);
    if (!match) throw new CliError("INVALID_INPUT", `${source}, line ${index + 1}: expected KEY=VALUE.`);
    let value = match[2] as string;
    if ((value.startsWith('"') && value.endsWith('"') && value.length >= 2) || (value.startsWith("'") && value.endsWith("'") && value.length >= 2)) {
      value = value.slice(1, -1);
      if (match[2]?.startsWith('"')) value = value.replace(/\\n/g, "\n").replace(/\\"/g, '"');
    }
    values[match[1] as string] = value;
  });
  return values;
}

function fromObject(data: unknown, source: string): Record<string, string> {
  if (data === null || typeof data !== "object" || Array.isArray(data)) throw new CliError("INVALID_INPUT", `${source} must hold an object of keys and values.`);
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) {
    if (typeof value === "string") values[key] = value;
    else if (typeof value === "number" || typeof value === "boolean") values[key] = String(value);
    else throw new CliError("INVALID_INPUT", `${source}: the value of "${key}" must be a string, number or boolean.`);
  }
  return values;
}

async function readAll(): Promise<string> {
  if (process.stdin.isTTY) ui.note("Reading secret values from standard input (KEY=VALUE lines); end with Ctrl-D.");
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
