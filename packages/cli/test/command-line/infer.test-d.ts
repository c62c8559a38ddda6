import { describe, expectTypeOf, it } from "vitest";
import { command, program, type OptionSpec } from "../../src/command-line/index.js";
import type { ArgumentsOf, OptionsOf } from "../../src/command-line/infer.js";

describe("an action's parameters, inferred from its spec", () => {
  it("types options by their flags, defaults and required-ness", () => {
    command({
      name: "list",
      description: "d",
      options: [
        { flags: "--pipeline <name>", description: "d" },
        { flags: "--status <status>", description: "d", choices: ["a", "b"] },
        { flags: "--limit <n>", description: "d", default: "20" },
        { flags: "--json", description: "d" },
        { flags: "-o, --orchestrator <name>", description: "d" },
        { flags: "--remove <type...>", description: "d" },
        { flags: "--type <type>", description: "d", required: true },
        { flags: "--dry-run", description: "d" },
      ],
      action: async (args, options, rest) => {
        expectTypeOf(args).toEqualTypeOf<{}>();
        expectTypeOf(options).toEqualTypeOf<{
          readonly limit: string;
          readonly type: string;
          readonly pipeline?: string;
          readonly status?: string;
          readonly json?: boolean;
          readonly orchestrator?: string;
          readonly remove?: string[];
          readonly dryRun?: boolean;
        }>();
        expectTypeOf(rest).toEqualTypeOf<readonly string[]>();
      },
    });
  });

  it("types arguments by their brackets, camel-casing their names", () => {
    expectTypeOf<
      ArgumentsOf<
        [
          { name: "<name>"; description: "" },
          { name: "<new-name>"; description: "" },
          { name: "[file]"; description: "" },
          { name: "[args...]"; description: "" },
        ]
      >
    >().toEqualTypeOf<{ readonly name: string; readonly newName: string; readonly file: string | undefined; readonly args: string[] }>();
    expectTypeOf<ArgumentsOf<[{ name: "<names...>"; description: "" }]>>().toEqualTypeOf<{ readonly names: string[] }>();
  });

  it("gives a negated flag its positive key, always set", () => {
    expectTypeOf<OptionsOf<[{ flags: "--no-color"; description: "" }]>>().toEqualTypeOf<{ readonly color: boolean }>();
    program({
      name: "p",
      description: "d",
      version: "1",
      options: [{ flags: "--no-color", description: "d" }],
      before: (options) => {
        expectTypeOf(options.color).toEqualTypeOf<boolean>();
      },
      subcommands: () => [],
    });
  });

  it("refuses an action that expects what the spec does not give", () => {
    const takesName = async (name: string) => void name;
    const takesJson = async (options: { json: boolean }) => void options;
    command({
      name: "describe",
      description: "d",
      arguments: [{ name: "[name]", description: "d" }],
      options: [{ flags: "--json", description: "d" }],
      // @ts-expect-error an optional argument may be undefined
      action: async ({ name }) => takesName(name),
    });
    command({
      name: "describe",
      description: "d",
      options: [{ flags: "--json", description: "d" }],
      // @ts-expect-error --json is optional: it may be undefined
      action: async (_, options) => takesJson(options),
    });
    command({
      name: "set",
      description: "d",
      arguments: [{ name: "<name>", description: "d" }],
      // @ts-expect-error there is no such argument
      action: async ({ stack }) => takesName(stack),
    });
    command({
      name: "list",
      description: "d",
      options: [{ flags: "--limit <n>", description: "d", default: "20" }],
      action: async (_, options) => {
        // @ts-expect-error a value option is a string, not a number
        expectTypeOf(options.limit).toEqualTypeOf<number>();
      },
    });
    // @ts-expect-error an argument's name is written <name> or [name]
    command({ name: "bad", description: "d", arguments: [{ name: "name", description: "d" }] });
  });

  it("lets options built from non-literal flags be read by key, as unknown", () => {
    const dynamic: OptionSpec[] = [{ flags: "--alerter <name>", description: "d" }];
    command({
      name: "register",
      description: "d",
      options: [...dynamic, { flags: "--set", description: "d" }],
      action: async (_, options) => {
        expectTypeOf(options.set).toEqualTypeOf<boolean | undefined>();
        expectTypeOf(options["alerter"]).toEqualTypeOf<unknown>();
      },
    });
  });
});
