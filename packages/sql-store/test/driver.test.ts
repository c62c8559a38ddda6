import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SqliteDriverUnavailableError } from "../src/errors.js";
import { newDatabase } from "../src/sqlite/database.js";

/*
 * An addon this Node.js cannot load is what users meet after switching
 * Node.js versions: Node refuses it with ERR_DLOPEN_FAILED. A file that is
 * not a shared library fails the same way, with the same code.
 */
const folders: string[] = [];
afterAll(async () => {
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

describe("the SQLite driver", () => {
  it("says how to fix an addon this Node.js cannot load", async () => {
    const folder = await mkdtemp(join(tmpdir(), "koan-sqlite-driver-"));
    folders.push(folder);
    const addon = join(folder, "better_sqlite3.node");
    await writeFile(addon, "not a shared library\n");
    let thrown: unknown;
    try {
      newDatabase(":memory:", { nativeBinding: addon });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SqliteDriverUnavailableError);
    const error = thrown as SqliteDriverUnavailableError;
    expect(error.code).toBe("SQLITE_DRIVER");
    expect(error.addonPath).toBe(addon);
    expect(error.message).toContain(addon);
    expect(error.message).toContain(process.version);
    expect(error.message).toContain("npm rebuild better-sqlite3");
    expect(error.message).not.toContain("\n");
    expect((error.cause as NodeJS.ErrnoException).code).toBe("ERR_DLOPEN_FAILED");
  });

  it("lets other errors through as they are", () => {
    expect(() => newDatabase(":memory:", { readonly: true })).toThrow(TypeError);
  });

  it("opens databases with the installed addon", () => {
    const database = newDatabase(":memory:", {});
    expect(database.prepare("select 1 + 1 as two").get()).toEqual({ two: 2 });
    database.close();
  });
});
