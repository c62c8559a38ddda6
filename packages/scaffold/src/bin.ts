#!/usr/bin/env node
// koan-new-integration NAME --type TYPE [--dir FOLDER] [--standalone]
// (`npm run new-integration -- NAME --type TYPE` in Koan's repository).
import { relative, resolve } from "node:path";
import { COMPONENT_TYPE_NAMES } from "./component-types.js";
import { ScaffoldError } from "./errors.js";
import { defaultTargetDir, nextSteps } from "./next-steps.js";
import { scaffoldIntegration } from "./scaffold.js";

const USAGE = `Usage: koan-new-integration NAME --type TYPE [--dir FOLDER] [--standalone]

Creates the integration package @koan/NAME from the integration template,
with a working ${"in-memory or local"} implementation of TYPE that passes its
conformance suite, ready to be replaced by a client of your tool.

  NAME          lower-case kebab, e.g. slack, google-cloud
  --type TYPE   one of: ${COMPONENT_TYPE_NAMES.join(", ")}
  --dir FOLDER  the package folder (default: integrations/NAME in Koan's
                repository, else ./NAME)
  --standalone  self-contained build configs even inside Koan's repository

Example:
  npm run new-integration -- slack --type alerter`;

interface Args {
  name?: string;
  type?: string;
  dir?: string;
  standalone: boolean;
  help: boolean;
}

function parse(argv: readonly string[]): Args {
  const args: Args = { standalone: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = () => inline ?? argv[++i];
    if (flag === "--help" || flag === "-h") args.help = true;
    else if (flag === "--type" || flag === "-t") args.type = value();
    else if (flag === "--dir") args.dir = value();
    else if (flag === "--standalone") args.standalone = true;
    else if (flag.startsWith("-")) throw new ScaffoldError("INVALID_INTEGRATION_NAME", `Unknown option ${flag}.\n\n${USAGE}`);
    else if (args.name === undefined) args.name = flag;
    else throw new ScaffoldError("INVALID_INTEGRATION_NAME", `Unexpected argument "${flag}".\n\n${USAGE}`);
  }
  return args;
}

async function main(): Promise<number> {
  const args = parse(process.argv.slice(2));
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  if (!args.name || !args.type) {
    console.error(`${args.name ? "--type is required" : "NAME is required"}.\n\n${USAGE}`);
    return 2;
  }
  // npm runs package scripts from the package root; INIT_CWD is where the user typed the command.
  const cwd = process.env.INIT_CWD ?? process.cwd();
  const targetDir = args.dir ? resolve(cwd, args.dir) : defaultTargetDir(args.name, cwd);
  const result = await scaffoldIntegration({ name: args.name, type: args.type, targetDir, ...(args.standalone ? { mode: "standalone" as const } : {}) });
  console.log(`Created ${result.packageName}: the "${result.flavorName}" ${result.type.replaceAll("_", " ")} flavor (${result.flavorExport}).`);
  for (const file of result.files) console.log(`  ${relative(cwd, file)}`);
  console.log("\nNext:");
  for (const line of nextSteps(result, cwd)) console.log(`  ${line}`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ScaffoldError) {
      console.error(`error: ${error.message}`);
      process.exitCode = 1;
    } else {
      console.error(error);
      process.exitCode = 1;
    }
  },
);
