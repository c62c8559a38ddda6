import { Command, Option } from "commander";
import { COMPONENT_COMMANDS } from "./component-types.js";
import { disableColour } from "./output/colour.js";
import { withArticle } from "./output/format.js";

/*
 * Every command, its options and its help, with no heavy import: each action
 * loads its module (and with it @koan/core and the SQLite store) only when it
 * runs, so `koan --help` and typos stay fast.
 */

declare const __KOAN_CLI_VERSION__: string;

const RUN_STATUSES = ["running", "completed", "failed"];

function examples(command: Command, ...lines: string[]): Command {
  return command.addHelpText("after", `\nExamples:\n${lines.map((l) => `  $ ${l}`).join("\n")}\n`);
}

function jsonOption(command: Command): Command {
  return command.option("--json", "print JSON instead of a table");
}

/** Hides `--key=value` values when commander echoes an option it does not know: it may be a secret. */
function hideOptionValues(text: string): string {
  return text.replace(/(--?[\w.-]+)=[^'"\s]*/g, "$1=…");
}

/**
 * The program for one command line. Only the subcommands of the group the
 * line names (`stack`, `secret`, ...) are built: the root help needs just the
 * groups, and building all twelve component groups' commands costs more
 * startup time than running most commands.
 */
export function buildProgram(argv: readonly string[] = []): Command {
  const words = argv.filter((a) => !a.startsWith("-"));
  const wanted = words[0] === "help" ? words[1] : words[0];
  const build = (group: string) => wanted === group;
  const program = new Command("koan");
  program
    .description("Koan: typed MLOps pipelines for TypeScript. Manage the project's stacks, components, runs, artifacts and secrets.")
    .version(typeof __KOAN_CLI_VERSION__ === "string" ? __KOAN_CLI_VERSION__ : "0.0.0", "-v, --version", "print the version")
    .option("--no-color", "never colour the output (NO_COLOR does the same)")
    .helpOption("-h, --help", "show help for a command")
    .helpCommand("help [command]", "show help for a command")
    .showHelpAfterError("(add --help for usage and examples)")
    .configureOutput({ outputError: (text, write) => write(hideOptionValues(text)) })
    .exitOverride()
    .hook("preAction", (command) => {
      if (command.optsWithGlobals().color === false) disableColour();
    });
  examples(
    program,
    "koan init",
    "koan stack list",
    "koan artifact-store register shared --flavor local --path /mnt/shared/artifacts",
    "koan stack register shared -o default -a shared --set",
    "koan run pipelines/train.ts",
    "koan run describe <run>",
  );
  program.addHelpText(
    "after",
    "Component types: " + COMPONENT_COMMANDS.map((c) => c.command).join(", ") + ".\nExit codes are listed in the @koan/cli README.\n",
  );

  program.commandsGroup("Project:");
  examples(
    program
      .command("init")
      .description("create .koan/ here: the config, the SQLite metadata store, the local artifact store, the secrets key and the default stack")
      .argument("[path]", "the project folder (default: the current folder)")
      .action(async (path: string | undefined) => (await import("./commands/init.js")).init(path)),
    "koan init",
    "koan init ./my-project",
  );

  program.commandsGroup("Stacks and components:");
  group(program, "stack", "register, inspect, switch, export and import stacks", build, addStackCommands);
  for (const component of COMPONENT_COMMANDS) {
    group(program, component.command, `manage ${component.label} components`, build, (command) => addComponentCommands(command, component));
  }

  program.commandsGroup("Integrations:");
  group(program, "integration", "list and install integrations (packages that add flavors)", build, addIntegrationCommands);

  program.commandsGroup("Runs and artifacts:");
  addRunCommands(program, build("run"));
  group(program, "pipeline", "inspect pipelines", build, addPipelineCommands);
  group(program, "artifact", "inspect and export artifacts", build, addArtifactCommands);

  program.commandsGroup("Secrets:");
  group(program, "secret", "manage secrets, encrypted at rest; configs refer to them as {{name.key}}", build, addSecretCommands);
  return program;
}

/** A command group; its subcommands only when this command line needs them. */
function group(program: Command, name: string, description: string, build: (group: string) => boolean, add: (command: Command) => void): void {
  const command = program.command(name).description(description);
  if (build(name)) add(command);
}

function addStackCommands(stack: Command): void {
  examples(stack, "koan stack list", "koan stack set production");

  const register = stack
    .command("register")
    .description("register a stack of existing components (an orchestrator and an artifact store are required)")
    .argument("<name>", "the new stack's name");
  for (const component of COMPONENT_COMMANDS) {
    const short = component.type === "orchestrator" ? "-o, " : component.type === "artifact_store" ? "-a, " : "";
    register.option(`${short}--${component.command} <name>`, `the ${component.label} component`);
  }
  examples(
    register
      .option("--set", "make it the active stack")
      .action(async (name: string, options: Record<string, unknown>) => (await import("./commands/stack.js")).stackRegister(name, options)),
    "koan stack register dev -o default -a default",
    "koan stack register prod --orchestrator default --artifact-store s3 --alerter slack --set",
  );

  examples(
    jsonOption(stack.command("list").description("list the stacks; * marks the active one")).action(async (options: { json?: boolean }) =>
      (await import("./commands/stack-list.js")).stackList(options),
    ),
    "koan stack list",
    "koan stack list --json",
  );

  examples(
    jsonOption(stack.command("describe").description("show a stack's components and their configs").argument("[name]", "the stack (default: the active one)")).action(
      async (name: string | undefined, options: { json?: boolean }) => (await import("./commands/stack.js")).stackDescribe(name, options),
    ),
    "koan stack describe",
    "koan stack describe prod --json",
  );

  examples(
    stack
      .command("set")
      .description("make a stack the active one, after checking its flavors, rules and secret references")
      .argument("<name>", "the stack")
      .action(async (name: string) => (await import("./commands/stack.js")).stackSet(name)),
    "koan stack set prod",
  );

  const update = stack.command("update").description("change a stack's components").argument("<name>", "the stack");
  for (const component of COMPONENT_COMMANDS) update.option(`--${component.command} <name>`, `use this ${component.label}`);
  examples(
    update
      .option("--remove <type...>", "remove the components of these types (not the orchestrator or artifact store)")
      .action(async (name: string, options: Record<string, unknown>) => (await import("./commands/stack.js")).stackUpdate(name, options)),
    "koan stack update prod --alerter slack",
    "koan stack update prod --remove alerter experiment-tracker",
  );

  examples(
    stack
      .command("rename")
      .description("rename a stack")
      .argument("<name>", "the stack")
      .argument("<new-name>", "its new name")
      .action(async (name: string, newName: string) => (await import("./commands/stack.js")).stackRename(name, newName)),
    "koan stack rename dev staging",
  );

  examples(
    stack
      .command("delete")
      .description("delete a stack (not the active one); its components stay")
      .argument("<name>", "the stack")
      .action(async (name: string) => (await import("./commands/stack.js")).stackDelete(name)),
    "koan stack delete old-dev",
  );

  examples(
    stack
      .command("export")
      .description("write a stack and its components as YAML (secret references stay references)")
      .argument("<name>", "the stack")
      .argument("[file]", "where to write it (default: standard output)")
      .action(async (name: string, file: string | undefined) => (await import("./commands/stack.js")).stackExport(name, file)),
    "koan stack export prod prod-stack.yaml",
    "koan stack export prod > prod-stack.yaml",
  );

  examples(
    stack
      .command("import")
      .description("register a stack and its missing components from a YAML file made by `koan stack export`")
      .argument("<file>", "the YAML file, or - for standard input")
      .option("--name <name>", "register the stack under another name")
      .option("--set", "make it the active stack")
      .action(async (file: string, options: { name?: string; set?: boolean }) => (await import("./commands/stack.js")).stackImport(file, options)),
    "koan stack import prod-stack.yaml",
    "koan stack import prod-stack.yaml --name prod-copy",
  );
}

function addComponentCommands(group: Command, component: (typeof COMPONENT_COMMANDS)[number]): void {
  const { command: name, label, type, example } = component;
  const [exampleFlavor] = example.split(" ");
  examples(group, `koan ${name} register my-${name} --flavor ${example}`, `koan ${name} list`);
  const load = () => import("./commands/component.js");

  examples(
    group
      .command("register")
      .description(`register ${withArticle(label)}: a flavor and its config, validated against the flavor's schema`)
      .usage("<name> --flavor <flavor> [--key value ...]")
      .requiredOption("--flavor <flavor>", `the flavor (see \`koan ${name} flavor list\`)`)
      .allowUnknownOption()
      .allowExcessArguments()
      .addHelpText(
        "after",
        `\nConfig keys are the flavor's (\`koan ${name} flavor describe <flavor>\` lists them), as --key value or --key=value.\n` +
          "Refer to secrets as '{{secret.key}}': they are resolved only when a run creates the component.\n",
      )
      .action(async (options: { flavor: string }, command: Command) => (await load()).componentRegister(type, command.args, options)),
    `koan ${name} register my-${name} --flavor ${example}`,
  );

  examples(
    jsonOption(group.command("list").description(`list the ${label} components and the stacks that use them`)).action(async (options: { json?: boolean }) =>
      (await load()).componentList(type, options),
    ),
    `koan ${name} list`,
  );

  examples(
    jsonOption(group.command("describe").description(`show ${withArticle(label)}'s flavor, config and the stacks that use it`).argument("<name>", `the ${label}`)).action(
      async (componentName: string, options: { json?: boolean }) => (await load()).componentDescribe(type, componentName, options),
    ),
    `koan ${name} describe default`,
  );

  examples(
    group
      .command("update")
      .description(`change ${withArticle(label)}'s config (merged into the current one)`)
      .usage("<name> [--key value ...] [--unset key ...]")
      .option("--unset <key...>", "remove these config keys")
      .allowUnknownOption()
      .allowExcessArguments()
      .action(async (options: { unset?: string[] }, command: Command) => (await load()).componentUpdate(type, command.args, options)),
    `koan ${name} update my-${name} --${example.split(" --")[1]?.split(" ")[0] ?? "key"}=value`,
    `koan ${name} update my-${name} --unset ${example.split(" --")[1]?.split(" ")[0] ?? "key"}`,
  );

  examples(
    group
      .command("rename")
      .description(`rename ${withArticle(label)}; the stacks that use it follow`)
      .argument("<name>", `the ${label}`)
      .argument("<new-name>", "its new name")
      .action(async (componentName: string, newName: string) => (await load()).componentRename(type, componentName, newName)),
    `koan ${name} rename my-${name} shared-${name}`,
  );

  examples(
    group
      .command("delete")
      .description(`delete ${withArticle(label)} (refused while a stack uses it)`)
      .argument("<name>", `the ${label}`)
      .action(async (componentName: string) => (await load()).componentDelete(type, componentName)),
    `koan ${name} delete my-${name}`,
  );

  const flavor = examples(group.command("flavor").description(`the flavors of ${label}`), `koan ${name} flavor list`);
  examples(
    jsonOption(flavor.command("list").description(`list the ${label} flavors of core and the installed integrations`)).action(async (options: { json?: boolean }) =>
      (await load()).flavorList(type, options),
    ),
    `koan ${name} flavor list`,
  );
  examples(
    jsonOption(flavor.command("describe").description("show a flavor's config keys, types and defaults").argument("<flavor>", "the flavor")).action(
      async (flavorName: string, options: { json?: boolean }) => (await load()).flavorDescribe(type, flavorName, options),
    ),
    `koan ${name} flavor describe ${exampleFlavor}`,
  );
  examples(
    flavor
      .command("register")
      .description(`register custom ${label} flavors from a module of this project (TypeScript or JavaScript) that exports them`)
      .argument("<module>", "the module's path")
      .action(async (modulePath: string) => (await load()).flavorRegister(type, modulePath)),
    `koan ${name} flavor register ./flavors/my-${name}.ts`,
  );
}

function addIntegrationCommands(integration: Command): void {
  examples(integration, "koan integration list", "koan integration install slack", "koan integration new my-store --type artifact-store");
  examples(
    integration
      .command("new")
      .description("create a new integration package from the template, for any component type")
      .argument("<name>", "the integration's name, lower-case kebab: my-store makes @koan/my-store")
      .requiredOption("--type <type>", "the component type it implements, e.g. artifact-store, alerter, experiment-tracker")
      .option("--dir <folder>", "where to create it (default: integrations/NAME inside Koan's repository, else ./NAME)")
      .action(async (name: string, options: { type: string; dir?: string }) => (await import("./commands/integration-new.js")).integrationNew(name, options)),
    "koan integration new my-store --type artifact-store",
    "koan integration new team-chat --type alerter --dir ./packages/team-chat",
  );
  examples(
    jsonOption(integration.command("list").description("list the known and installed integrations, their packages and flavors")).action(
      async (options: { json?: boolean }) => (await import("./commands/integration.js")).integrationList(options),
    ),
    "koan integration list",
  );
  examples(
    integration
      .command("install")
      .description("add integrations to the project with its package manager (npm, pnpm, yarn or bun, from the lockfile)")
      .argument("<names...>", "integration names, npm package names or local package paths")
      .option("--dry-run", "print the install command without running it")
      .action(async (names: string[], options: { dryRun?: boolean }) => (await import("./commands/integration.js")).integrationInstall(names, options)),
    "koan integration install slack mlflow",
    "koan integration install ./my-integration",
  );
}

function addRunCommands(program: Command, withSubcommands: boolean): void {
  const run = examples(
    program
      .command("run")
      .description("run a runner script written in TypeScript on the active stack, or inspect runs")
      .usage("<file> [args...] | list | describe <run> | logs <run>")
      .argument("[file]", "the runner script (.ts, .mts, .js, .mjs)")
      .argument("[args...]", "arguments for the script")
      .allowUnknownOption()
      .action(async (file: string | undefined, args: string[], _options: unknown, command: Command) => {
        if (!file) {
          command.help({ error: true });
          return;
        }
        await (await import("./commands/run-script.js")).runScript(file, args);
      }),
    "koan run run.ts",
    "koan run pipelines/train.ts -- --epochs 3",
    "koan run list --status failed",
  );
  if (!withSubcommands) return;
  const load = () => import("./commands/runs.js");
  examples(
    jsonOption(
      run
        .command("list")
        .description("list runs, newest first")
        .option("--pipeline <name>", "only runs of this pipeline")
        .addOption(new Option("--status <status>", "only runs with this status").choices(RUN_STATUSES))
        .option("--limit <n>", "at most this many", "20"),
    ).action(async (options: { pipeline?: string; status?: string; limit: string; json?: boolean }) => (await load()).runList(options)),
    "koan run list",
    "koan run list --pipeline training --status failed --json",
  );
  examples(
    jsonOption(run.command("describe").description("show a run's steps: status, duration, cache hits, outputs and their URIs").argument("<run>", "run name or id")).action(
      async (ref: string, options: { json?: boolean }) => (await load()).runDescribe(ref, options),
    ),
    "koan run describe training-2026-01-05-10-04-12-1a2b",
  );
  examples(
    run
      .command("logs")
      .description("print the captured logs of a run's steps")
      .argument("<run>", "run name or id")
      .option("--step <step>", "only this step")
      .action(async (ref: string, options: { step?: string }) => (await load()).runLogs(ref, options)),
    "koan run logs <run>",
    "koan run logs <run> --step train",
  );
}

function addPipelineCommands(pipeline: Command): void {
  examples(pipeline, "koan pipeline list");
  examples(
    jsonOption(pipeline.command("list").description("list pipelines with their number of runs and latest run")).action(async (options: { json?: boolean }) =>
      (await import("./commands/pipeline.js")).pipelineList(options),
    ),
    "koan pipeline list",
  );
}

function addArtifactCommands(artifact: Command): void {
  examples(artifact, "koan artifact list --run <run>");
  const load = () => import("./commands/artifact.js");
  examples(
    jsonOption(
      artifact
        .command("list")
        .description("list artifacts, newest first")
        .option("--run <run>", "only those a run produced (name or id)")
        .option("--limit <n>", "at most this many", "20"),
    ).action(async (options: { run?: string; limit: string; json?: boolean }) => (await load()).artifactList(options)),
    "koan artifact list",
    "koan artifact list --run <run> --json",
  );
  examples(
    jsonOption(artifact.command("describe").description("show an artifact's metadata and lineage").argument("<id>", "the artifact id")).action(
      async (id: string, options: { json?: boolean }) => (await load()).artifactDescribe(id, options),
    ),
    "koan artifact describe 0195f3c2-...",
  );
  examples(
    artifact
      .command("export")
      .description("copy an artifact's stored files to a local path")
      .argument("<id>", "the artifact id")
      .argument("<path>", "a file for a one-file artifact, else a folder")
      .option("--force", "overwrite existing files")
      .action(async (id: string, path: string, options: { force?: boolean }) => (await load()).artifactExport(id, path, options)),
    "koan artifact export 0195f3c2-... model.json",
  );
}

function addSecretCommands(secret: Command): void {
  examples(secret, "koan secret create slack --token=xoxb-...", "koan secret list");
  const load = () => import("./commands/secret.js");
  examples(
    secret
      .command("create")
      .description("create a secret from --KEY=VALUE options, a file or standard input")
      .usage("<name> [--schema <schema>] [--KEY=VALUE ...] [--from-file <file>] [--stdin]")
      .option("--schema <schema>", "arbitrary, aws, gcp, azure or basic-auth; the required keys are checked", "arbitrary")
      .option("--from-file <file>", "read values from a .env, .json or .yaml file")
      .option("--stdin", "read values from standard input (KEY=VALUE lines or JSON)")
      .allowUnknownOption()
      .allowExcessArguments()
      .addHelpText("after", "\nValues on the command line end up in your shell history: prefer --from-file or --stdin for real credentials.\n")
      .action(async (options: { schema: string; fromFile?: string; stdin?: boolean }, command: Command) => (await load()).secretCreate(command.args, options)),
    "koan secret create slack --token=xoxb-...",
    "koan secret create aws-prod --schema aws --from-file aws.env",
    "printf 'password=%s\\n' \"$DB_PASSWORD\" | koan secret create db --schema basic-auth --username=app --stdin",
  );
  examples(
    jsonOption(secret.command("list").description("list secrets with their schema and key names (never values)")).action(async (options: { json?: boolean }) =>
      (await load()).secretList(options),
    ),
    "koan secret list",
  );
  examples(
    jsonOption(
      secret
        .command("get")
        .description("show a secret's keys; values stay hidden unless --show")
        .argument("<name>", "the secret")
        .option("--show", "print the values"),
    ).action(async (name: string, options: { show?: boolean; json?: boolean }) => (await load()).secretGet(name, options)),
    "koan secret get slack",
    "koan secret get slack --show --json",
  );
  examples(
    secret
      .command("update")
      .description("change a secret's values (merged into the current ones unless --replace)")
      .usage("<name> [--KEY=VALUE ...] [--from-file <file>] [--stdin] [--replace] [--remove <key...>]")
      .option("--from-file <file>", "read values from a .env, .json or .yaml file")
      .option("--stdin", "read values from standard input (KEY=VALUE lines or JSON)")
      .option("--replace", "the given values become the only ones")
      .option("--remove <key...>", "remove these keys")
      .allowUnknownOption()
      .allowExcessArguments()
      .action(async (options: { fromFile?: string; stdin?: boolean; replace?: boolean; remove?: string[] }, command: Command) =>
        (await load()).secretUpdate(command.args, options),
      ),
    "koan secret update slack --token=xoxb-new",
    "koan secret update db --remove old_password",
  );
  examples(
    secret
      .command("delete")
      .description("delete a secret")
      .argument("<name>", "the secret")
      .action(async (name: string) => (await load()).secretDelete(name)),
    "koan secret delete slack",
  );
}
