// The conformance suite against the real vault, which scripts/peers/
// starts and points to with KOAN_TEMPLATE_URL. Under KOAN_REQUIRE_PEERS=1
// (as in CI) a missing vault fails the run instead of skipping it.
// This manager keeps secrets in memory, so it falls back to that: when your
// flavor talks to a real vault, remove the fallback and use the URL.
import { peer, secretsManagerSuite } from "@koan/testing";
import { describe } from "vitest";
import { templateSecretsManager } from "../src/secrets-manager/index.js";

const service = peer({ env: "KOAN_TEMPLATE_URL", start: "scripts/peers/template.sh", fallback: "in-memory" });

describe.skipIf(!service.available)(`template secrets manager ${service.title}`, () => {
  secretsManagerSuite({
    name: "template (integration)",
    create: () => templateSecretsManager.create(templateSecretsManager.parseConfig({}), { componentName: "int", repositoryRoot: process.cwd() }),
  });
});
