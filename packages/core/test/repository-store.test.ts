import { join } from "node:path";
import { openSqliteMetadataStore } from "@koan/sql-store";
import { describe, expect, it } from "vitest";
import { initRepository } from "../src/repository/repository.js";
import { repositoryMetadataStore } from "../src/repository/repository-store.js";
import { tempRepository } from "./helpers/temp-repository.js";

describe("repositoryMetadataStore", () => {
  it("gives a component the repository's own store, where another process finds its state", async () => {
    const root = await tempRepository();
    const { repository } = await initRepository(root, { create: true });
    await repository.store.close();

    const store = await repositoryMetadataStore(root);
    expect(store.url).toBe(`sqlite:${join(root, ".koan", "koan.db")}`);
    expect(await repositoryMetadataStore(root)).toBe(store);
    await store.putComponentState({ componentType: "model_deployer", kind: "model_service", key: "svc-1", data: { port: 8000 } });

    // What a CLI process opening the same file sees.
    const other = await openSqliteMetadataStore({ path: join(root, ".koan", "koan.db") });
    try {
      const found = await other.getComponentState({ componentType: "model_deployer", kind: "model_service", key: "svc-1" });
      expect(found?.data).toEqual({ port: 8000 });
    } finally {
      await other.close();
    }
  });

  it("refuses a folder without a repository, saying how to make one", async () => {
    const root = await tempRepository();
    await expect(repositoryMetadataStore(root)).rejects.toThrow(/koan init/);
  });
});
