import { command, program, type Command, type OptionSpec, type Program } from "./command-line/index.js";
import { COMPONENT_COMMANDS } from "./component-types.js";
import { disableColour } from "./output/colour.js";
import { withArticle } from "./output/format.js";

/*
 * Every command, its options and its help, with no heavy import: each action
 * loads its module (and with it @koan/core and the SQLite store) only when it
 * runs, so `koan --help` and typos stay fast. A group's subcommands are built
 * only when a command line reaches the group.
 */

declare const __KOAN_CLI_VERSION__: string;

const RUN_STATUSES = ["running", "completed", "failed"];

const JSON_OPTION = { flags: "--json", description: "print JSON instead of a table" } as const;

/** The whole command tree of `koan`. */
export function buildProgram(): Program {
  return program({
    name: "koan",
    description: "Koan: typed MLOps pipelines for TypeScript. Manage the project's stacks, components, runs, artifacts and secrets.",
    version: typeof __KOAN_CLI_VERSION__ === "string" ? __KOAN_CLI_VERSION__ : "0.0.0",
    options: [{ flags: "--no-color", description: "never colour the output (NO_COLOR does the same)" }],
    before: ({ color }) => {
      if (!color) disableColour();
    },
    examples: [
      "koan init",
      "koan stack list",
      "koan artifact-store register shared --flavor local --path /mnt/shared/artifacts",
      "koan stack register shared -o default -a shared --set",
      "koan run pipelines/train.ts",
      "koan run describe <run>",
    ],
    help: "Component types: " + COMPONENT_COMMANDS.map((c) => c.command).join(", ") + ".\nExit codes are listed in the @koan/cli README.\n",
    subcommands: () => [
      command({
        name: "init",
        group: "Project:",
        description: "create .koan/ here: the config, the SQLite metadata store, the local artifact store, the secrets key and the default stack",
        arguments: [{ name: "[path]", description: "the project folder (default: the current folder)" }],
        examples: ["koan init", "koan init ./my-project"],
        action: async ({ path }) => (await import("./commands/init.js")).init(path),
      }),
      command({
        name: "stack",
        group: "Stacks and components:",
        description: "register, inspect, switch, export and import stacks",
        examples: ["koan stack list", "koan stack set production"],
        subcommands: stackCommands,
      }),
      ...COMPONENT_COMMANDS.map((component) =>
        command({
          name: component.command,
          group: "Stacks and components:",
          description: `manage ${component.label} components`,
          examples: [`koan ${component.command} register my-${component.command} --flavor ${component.example}`, `koan ${component.command} list`],
          subcommands: () => componentCommands(component),
        }),
      ),
      command({
        name: "integration",
        group: "Integrations:",
        description: "list and install integrations (packages that add flavors)",
        examples: ["koan integration list", "koan integration install slack", "koan integration new my-store --type artifact-store"],
        subcommands: integrationCommands,
      }),
      command({
        name: "run",
        group: "Runs and artifacts:",
        description: "run a runner script written in TypeScript on the active stack, or inspect runs",
        usage: "<file> [args...] | list | describe <run> | logs <run>",
        arguments: [
          { name: "<file>", description: "the runner script (.ts, .mts, .js, .mjs)" },
          { name: "[args...]", description: "arguments for the script" },
        ],
        // Everything after the file is the script's, options and `--` included.
        optionsBeforeArguments: true,
        examples: ["koan run run.ts", "koan run pipelines/train.ts -- --epochs 3", "koan run list --status failed"],
        action: async ({ file, args }) => (await import("./commands/run-script.js")).runScript(file, args),
        subcommands: runCommands,
      }),
      command({
        name: "pipeline",
        group: "Runs and artifacts:",
        description: "inspect pipelines",
        examples: ["koan pipeline list"],
        subcommands: pipelineCommands,
      }),
      command({
        name: "artifact",
        group: "Runs and artifacts:",
        description: "inspect and export artifacts",
        examples: ["koan artifact list --run <run>"],
        subcommands: artifactCommands,
      }),
      command({
        name: "secret",
        group: "Secrets:",
        description: "manage secrets, encrypted at rest; configs refer to them as {{name.key}}",
        examples: ["koan secret create slack --token=xoxb-...", "koan secret list"],
        subcommands: secretCommands,
      }),
    ],
  });
}

/** `--orchestrator <name>`, `--artifact-store <name>`, ...: one option per component type (`-o` and `-a` where `short`). */
function componentOptions(description: (label: string) => string, short: boolean): OptionSpec[] {
  return COMPONENT_COMMANDS.map((component) => {
    const alias = !short ? "" : component.type === "orchestrator" ? "-o, " : component.type === "artifact_store" ? "-a, " : "";
    return { flags: `${alias}--${component.command} <name>`, description: description(component.label) };
  });
}

function stackCommands(): Command[] {
  const load = () => import("./commands/stack.js");
  return [
    command({
      name: "register",
      description: "register a stack of existing components (an orchestrator and an artifact store are required)",
      arguments: [{ name: "<name>", description: "the new stack's name" }],
      options: [...componentOptions((label) => `the ${label} component`, true), { flags: "--set", description: "make it the active stack" }],
      examples: ["koan stack register dev -o default -a default", "koan stack register prod --orchestrator default --artifact-store s3 --alerter slack --set"],
      action: async ({ name }, options) => (await load()).stackRegister(name, options),
    }),
    command({
      name: "list",
      description: "list the stacks; * marks the active one",
      options: [JSON_OPTION],
      examples: ["koan stack list", "koan stack list --json"],
      action: async (_, options) => (await import("./commands/stack-list.js")).stackList(options),
    }),
    command({
      name: "describe",
      description: "show a stack's components and their configs",
      arguments: [{ name: "[name]", description: "the stack (default: the active one)" }],
      options: [JSON_OPTION],
      examples: ["koan stack describe", "koan stack describe prod --json"],
      action: async ({ name }, options) => (await load()).stackDescribe(name, options),
    }),
    command({
      name: "set",
      description: "make a stack the active one, after checking its flavors, rules and secret references",
      arguments: [{ name: "<name>", description: "the stack" }],
      examples: ["koan stack set prod"],
      action: async ({ name }) => (await load()).stackSet(name),
    }),
    command({
      name: "update",
      description: "change a stack's components",
      arguments: [{ name: "<name>", description: "the stack" }],
      options: [
        ...componentOptions((label) => `use this ${label}`, false),
        { flags: "--remove <type...>", description: "remove the components of these types (not the orchestrator or artifact store)" },
      ],
      examples: ["koan stack update prod --alerter slack", "koan stack update prod --remove alerter experiment-tracker"],
      action: async ({ name }, options) => (await load()).stackUpdate(name, options),
    }),
    command({
      name: "rename",
      description: "rename a stack",
      arguments: [
        { name: "<name>", description: "the stack" },
        { name: "<new-name>", description: "its new name" },
      ],
      examples: ["koan stack rename dev staging"],
      action: async ({ name, newName }) => (await load()).stackRename(name, newName),
    }),
    command({
      name: "delete",
      description: "delete a stack (not the active one); its components stay",
      arguments: [{ name: "<name>", description: "the stack" }],
      examples: ["koan stack delete old-dev"],
      action: async ({ name }) => (await load()).stackDelete(name),
    }),
    command({
      name: "export",
      description: "write a stack and its components as YAML (secret references stay references)",
      arguments: [
        { name: "<name>", description: "the stack" },
        { name: "[file]", description: "where to write it (default: standard output)" },
      ],
      examples: ["koan stack export prod prod-stack.yaml", "koan stack export prod > prod-stack.yaml"],
      action: async ({ name, file }) => (await load()).stackExport(name, file),
    }),
    command({
      name: "import",
      description: "register a stack and its missing components from a YAML file made by `koan stack export`",
      arguments: [{ name: "<file>", description: "the YAML file, or - for standard input" }],
      options: [
        { flags: "--name <name>", description: "register the stack under another name" },
        { flags: "--set", description: "make it the active stack" },
      ],
      examples: ["koan stack import prod-stack.yaml", "koan stack import prod-stack.yaml --name prod-copy"],
      action: async ({ file }, options) => (await load()).stackImport(file, options),
    }),
  ];
}

function componentCommands(component: (typeof COMPONENT_COMMANDS)[number]): Command[] {
  const { command: name, label, type, example } = component;
  const [exampleFlavor] = example.split(" ");
  const exampleKey = example.split(" --")[1]?.split(" ")[0] ?? "key";
  const load = () => import("./commands/component.js");
  return [
    command({
      name: "register",
      description: `register ${withArticle(label)}: a flavor and its config, validated against the flavor's schema`,
      usage: "<name> --flavor <flavor> [--key value ...]",
      options: [{ flags: "--flavor <flavor>", description: `the flavor (see \`koan ${name} flavor list\`)`, required: true }],
      passThrough: true,
      examples: [`koan ${name} register my-${name} --flavor ${example}`],
      help:
        `Config keys are the flavor's (\`koan ${name} flavor describe <flavor>\` lists them), as --key value or --key=value.\n` +
        "Refer to secrets as '{{secret.key}}': they are resolved only when a run creates the component.\n",
      action: async (_, options, rest) => (await load()).componentRegister(type, rest, options),
    }),
    command({
      name: "list",
      description: `list the ${label} components and the stacks that use them`,
      options: [JSON_OPTION],
      examples: [`koan ${name} list`],
      action: async (_, options) => (await load()).componentList(type, options),
    }),
    command({
      name: "describe",
      description: `show ${withArticle(label)}'s flavor, config and the stacks that use it`,
      arguments: [{ name: "<name>", description: `the ${label}` }],
      options: [JSON_OPTION],
      examples: [`koan ${name} describe default`],
      action: async ({ name: componentName }, options) => (await load()).componentDescribe(type, componentName, options),
    }),
    command({
      name: "update",
      description: `change ${withArticle(label)}'s config (merged into the current one)`,
      usage: "<name> [--key value ...] [--unset key ...]",
      options: [{ flags: "--unset <key...>", description: "remove these config keys" }],
      passThrough: true,
      examples: [`koan ${name} update my-${name} --${exampleKey}=value`, `koan ${name} update my-${name} --unset ${exampleKey}`],
      action: async (_, options, rest) => (await load()).componentUpdate(type, rest, options),
    }),
    command({
      name: "rename",
      description: `rename ${withArticle(label)}; the stacks that use it follow`,
      arguments: [
        { name: "<name>", description: `the ${label}` },
        { name: "<new-name>", description: "its new name" },
      ],
      examples: [`koan ${name} rename my-${name} shared-${name}`],
      action: async ({ name: componentName, newName }) => (await load()).componentRename(type, componentName, newName),
    }),
    command({
      name: "delete",
      description: `delete ${withArticle(label)} (refused while a stack uses it)`,
      arguments: [{ name: "<name>", description: `the ${label}` }],
      examples: [`koan ${name} delete my-${name}`],
      action: async ({ name: componentName }) => (await load()).componentDelete(type, componentName),
    }),
    command({
      name: "flavor",
      description: `the flavors of ${label}`,
      examples: [`koan ${name} flavor list`],
      subcommands: () => [
        command({
          name: "list",
          description: `list the ${label} flavors of core and the installed integrations`,
          options: [JSON_OPTION],
          examples: [`koan ${name} flavor list`],
          action: async (_, options) => (await load()).flavorList(type, options),
        }),
        command({
          name: "describe",
          description: "show a flavor's config keys, types and defaults",
          arguments: [{ name: "<flavor>", description: "the flavor" }],
          options: [JSON_OPTION],
          examples: [`koan ${name} flavor describe ${exampleFlavor}`],
          action: async ({ flavor }, options) => (await load()).flavorDescribe(type, flavor, options),
        }),
        command({
          name: "register",
          description: `register custom ${label} flavors from a module of this project (TypeScript or JavaScript) that exports them`,
          arguments: [{ name: "<module>", description: "the module's path" }],
          examples: [`koan ${name} flavor register ./flavors/my-${name}.ts`],
          action: async ({ module }) => (await load()).flavorRegister(type, module),
        }),
      ],
    }),
  ];
}

function integrationCommands(): Command[] {
  return [
    command({
      name: "new",
      description: "create a new integration package from the template, for any component type",
      arguments: [{ name: "<name>", description: "the integration's name, lower-case kebab: my-store makes @koan/my-store" }],
      options: [
        { flags: "--type <type>", description: "the component type it implements, e.g. artifact-store, alerter, experiment-tracker", required: true },
        { flags: "--dir <folder>", description: "where to create it (default: integrations/NAME inside Koan's repository, else ./NAME)" },
      ],
      examples: ["koan integration new my-store --type artifact-store", "koan integration new team-chat --type alerter --dir ./packages/team-chat"],
      action: async ({ name }, options) => (await import("./commands/integration-new.js")).integrationNew(name, options),
    }),
    command({
      name: "list",
      description: "list the known and installed integrations, their packages and flavors",
      options: [JSON_OPTION],
      examples: ["koan integration list"],
      action: async (_, options) => (await import("./commands/integration.js")).integrationList(options),
    }),
    command({
      name: "install",
      description: "add integrations to the project with its package manager (npm, pnpm, yarn or bun, from the lockfile)",
      arguments: [{ name: "<names...>", description: "integration names, npm package names or local package paths" }],
      options: [{ flags: "--dry-run", description: "print the install command without running it" }],
      examples: ["koan integration install slack mlflow", "koan integration install ./my-integration"],
      action: async ({ names }, options) => (await import("./commands/integration.js")).integrationInstall(names, options),
    }),
  ];
}

function runCommands(): Command[] {
  const load = () => import("./commands/runs.js");
  return [
    command({
      name: "list",
      description: "list runs, newest first",
      options: [
        { flags: "--pipeline <name>", description: "only runs of this pipeline" },
        { flags: "--status <status>", description: "only runs with this status", choices: RUN_STATUSES },
        { flags: "--limit <n>", description: "at most this many", default: "20" },
        JSON_OPTION,
      ],
      examples: ["koan run list", "koan run list --pipeline training --status failed --json"],
      action: async (_, options) => (await load()).runList(options),
    }),
    command({
      name: "describe",
      description: "show a run's steps: status, duration, cache hits, outputs and their URIs",
      arguments: [{ name: "<run>", description: "run name or id" }],
      options: [JSON_OPTION],
      examples: ["koan run describe training-2026-01-05-10-04-12-1a2b"],
      action: async ({ run }, options) => (await load()).runDescribe(run, options),
    }),
    command({
      name: "logs",
      description: "print the captured logs of a run's steps",
      arguments: [{ name: "<run>", description: "run name or id" }],
      options: [{ flags: "--step <step>", description: "only this step" }],
      examples: ["koan run logs <run>", "koan run logs <run> --step train"],
      action: async ({ run }, options) => (await load()).runLogs(run, options),
    }),
  ];
}

function pipelineCommands(): Command[] {
  return [
    command({
      name: "list",
      description: "list pipelines with their number of runs and latest run",
      options: [JSON_OPTION],
      examples: ["koan pipeline list"],
      action: async (_, options) => (await import("./commands/pipeline.js")).pipelineList(options),
    }),
  ];
}

function artifactCommands(): Command[] {
  const load = () => import("./commands/artifact.js");
  return [
    command({
      name: "list",
      description: "list artifacts, newest first",
      options: [{ flags: "--run <run>", description: "only those a run produced (name or id)" }, { flags: "--limit <n>", description: "at most this many", default: "20" }, JSON_OPTION],
      examples: ["koan artifact list", "koan artifact list --run <run> --json"],
      action: async (_, options) => (await load()).artifactList(options),
    }),
    command({
      name: "describe",
      description: "show an artifact's metadata and lineage",
      arguments: [{ name: "<id>", description: "the artifact id" }],
      options: [JSON_OPTION],
      examples: ["koan artifact describe 0195f3c2-..."],
      action: async ({ id }, options) => (await load()).artifactDescribe(id, options),
    }),
    command({
      name: "export",
      description: "copy an artifact's stored files to a local path",
      arguments: [
        { name: "<id>", description: "the artifact id" },
        { name: "<path>", description: "a file for a one-file artifact, else a folder" },
      ],
      options: [{ flags: "--force", description: "overwrite existing files" }],
      examples: ["koan artifact export 0195f3c2-... model.json"],
      action: async ({ id, path }, options) => (await load()).artifactExport(id, path, options),
    }),
  ];
}

function secretCommands(): Command[] {
  const load = () => import("./commands/secret.js");
  return [
    command({
      name: "create",
      description: "create a secret from --KEY=VALUE options, a file or standard input",
      usage: "<name> [--schema <schema>] [--KEY=VALUE ...] [--from-file <file>] [--stdin]",
      options: [
        { flags: "--schema <schema>", description: "arbitrary, aws, gcp, azure or basic-auth; the required keys are checked", default: "arbitrary" },
        { flags: "--from-file <file>", description: "read values from a .env, .json or .yaml file" },
        { flags: "--stdin", description: "read values from standard input (KEY=VALUE lines or JSON)" },
      ],
      passThrough: true,
      help: "Values on the command line end up in your shell history: prefer --from-file or --stdin for real credentials.\n",
      examples: [
        "koan secret create slack --token=xoxb-...",
        "koan secret create aws-prod --schema aws --from-file aws.env",
        "printf 'password=%s\\n' \"$DB_PASSWORD\" | koan secret create db --schema basic-auth --username=app --stdin",
      ],
      action: async (_, options, rest) => (await load()).secretCreate(rest, options),
    }),
    command({
      name: "list",
      description: "list secrets with their schema and key names (never values)",
      options: [JSON_OPTION],
      examples: ["koan secret list"],
      action: async (_, options) => (await load()).secretList(options),
    }),
    command({
      name: "get",
      description: "show a secret's keys; values stay hidden unless --show",
      arguments: [{ name: "<name>", description: "the secret" }],
      options: [{ flags: "--show", description: "print the values" }, JSON_OPTION],
      examples: ["koan secret get slack", "koan secret get slack --show --json"],
      action: async ({ name }, options) => (await load()).secretGet(name, options),
    }),
    command({
      name: "update",
      description: "change a secret's values (merged into the current ones unless --replace)",
      usage: "<name> [--KEY=VALUE ...] [--from-file <file>] [--stdin] [--replace] [--remove <key...>]",
      options: [
        { flags: "--from-file <file>", description: "read values from a .env, .json or .yaml file" },
        { flags: "--stdin", description: "read values from standard input (KEY=VALUE lines or JSON)" },
        { flags: "--replace", description: "the given values become the only ones" },
        { flags: "--remove <key...>", description: "remove these keys" },
      ],
      passThrough: true,
      examples: ["koan secret update slack --token=xoxb-new", "koan secret update db --remove old_password"],
      action: async (_, options, rest) => (await load()).secretUpdate(rest, options),
    }),
    command({
      name: "delete",
      description: "delete a secret",
      arguments: [{ name: "<name>", description: "the secret" }],
      examples: ["koan secret delete slack"],
      action: async ({ name }) => (await load()).secretDelete(name),
    }),
  ];
}
