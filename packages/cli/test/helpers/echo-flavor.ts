import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { koan } from "./cli.js";

/** A custom alerter flavor in TypeScript, as a project would write one. */
const ALERTER_FLAVOR = `
import { defineFlavor, z } from "@koan/core";
import type { Alerter } from "@koan/core/contracts";

export const echoAlerter = defineFlavor({
  type: "alerter",
  name: "echo",
  description: "Prints alerts",
  configSchema: z.object({
    token: z.string().min(12).describe("API token"),
    channel: z.string().default("general").describe("Where to post"),
    retries: z.number().int().min(0).default(1),
    mode: z.enum(["plain", "rich"]).optional(),
    tags: z.array(z.string()).default([]),
  }),
  async create(config) {
    const alerter: Alerter = {
      specVersion: 1,
      type: "alerter",
      flavor: "echo",
      async post(message) {
        console.log(\`[echo #\${config.channel}] \${message.text} (token of \${config.token.length} characters)\`);
        return { ok: true };
      },
      async ask() {
        return { approved: true, reason: "approved" };
      },
    };
    return alerter;
  },
});
`;

/**
 * Writes the flavor module into a project and registers it with `koan alerter
 * flavor register`. As TypeScript every later koan command of the project
 * loads tsx to import it; the JavaScript version spares tests that second.
 */
export async function withEchoFlavor(dir: string, language: "ts" | "js" = "ts"): Promise<void> {
  await mkdir(join(dir, "flavors"), { recursive: true });
  const file = `flavors/echo-alerter.${language === "ts" ? "ts" : "mjs"}`;
  const source = language === "ts" ? ALERTER_FLAVOR : ALERTER_FLAVOR.replace('import type { Alerter } from "@koan/core/contracts";\n', "").replace("const alerter: Alerter =", "const alerter =");
  await writeFile(join(dir, file), source);
  const result = await koan(["alerter", "flavor", "register", file], { cwd: dir });
  if (result.code !== 0) throw new Error(result.all);
}

