// The conformance suite against the real service, which scripts/peers/
// starts and points to with KOAN_TEMPLATE_URL. Under KOAN_REQUIRE_PEERS=1
// (as in CI) a missing service fails the run instead of skipping it.
// This store needs no server, so it falls back to a local folder: when your
// flavor talks to a real service, remove the fallback and use the URL.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { artifactStoreSuite, peer } from "@koan/testing";
import { afterAll, describe } from "vitest";
import { templateArtifactStore } from "../src/artifact-store/index.js";

const service = peer({ env: "KOAN_TEMPLATE_URL", start: "scripts/peers/template.sh", fallback: "local-folder" });

describe.skipIf(!service.available)(`template artifact store ${service.title}`, () => {
  const root = mkdtempSync(join(tmpdir(), "koan-template-artifact-store-int-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  artifactStoreSuite({
    name: "template (integration)",
    create: () => templateArtifactStore.create(templateArtifactStore.parseConfig({ root }), { componentName: "int", repositoryRoot: root }),
    prefix: "koan-int/",
  });
});
