import { KoanError, type ComponentType } from "@koan/contracts";

/*
 * Errors only this store raises. Each is a KoanError with a stable `code`;
 * not-found and already-exists cases use the shared NotFoundError and
 * AlreadyExistsError from @koan/contracts instead.
 */

/** The database was migrated by a newer Koan; writing to it could corrupt data the newer code relies on. */
export class StoreTooNewError extends KoanError {
  constructor(
    readonly url: string,
    readonly foundVersion: number,
    readonly knownVersion: number,
  ) {
    super(
      "STORE_TOO_NEW",
      `The metadata store ${url} has schema version ${foundVersion}, but this @koan/sql-store only knows ` +
        `versions up to ${knownVersion}. It was opened by a newer Koan: upgrade Koan (npm install @koan/sql-store@latest ` +
        `and the other @koan packages) to use it.`,
    );
  }
}

/** A component cannot be deleted while stacks still use it. */
export class ComponentInUseError extends KoanError {
  constructor(
    readonly componentType: ComponentType,
    readonly component: string,
    readonly stacks: readonly string[],
  ) {
    super(
      "IN_USE",
      `The ${componentType} "${component}" is used by stack${stacks.length === 1 ? "" : "s"} ${stacks.map((s) => `"${s}"`).join(", ")}. ` +
        `Remove it from ${stacks.length === 1 ? "that stack" : "those stacks"} (\`koan stack update\`) or delete them first.`,
    );
  }
}

/** A record is not in a state that allows the change, e.g. finishing a step run twice. */
export class InvalidStateError extends KoanError {
  constructor(message: string) {
    super("INVALID_STATE", message);
  }
}

/** An argument is malformed in a way the types cannot express (a limit of 0, two outputs with one name). */
export class InvalidArgumentError extends KoanError {
  constructor(message: string) {
    super("INVALID_ARGUMENT", message);
  }
}

/** The store was closed; a call made after `close()` cannot run. */
export class StoreClosedError extends KoanError {
  constructor(readonly url: string) {
    super("STORE_CLOSED", `The metadata store ${url} is closed. Open it again to keep using it.`);
  }
}

/**
 * better-sqlite3's native addon does not load in this Node.js: it was built
 * for another Node.js version (switching versions with nvm, say) or another
 * platform. Reinstalling or rebuilding it is what fixes that.
 */
export class SqliteDriverUnavailableError extends KoanError {
  constructor(
    readonly addonPath: string | undefined,
    cause: Error,
  ) {
    // Node's message names the module and, for a version mismatch, the two ABI versions, on several lines; its own advice is replaced by ours.
    const reason = cause.message.replace(/\s+/g, " ").replace(/ Please try re-compiling.*$/, "").trim().replace(/([^.])$/, "$1.");
    super(
      "SQLITE_DRIVER",
      `The SQLite driver (better-sqlite3's native addon${addonPath ? ` at ${addonPath}` : ""}) cannot be loaded by Node.js ` +
        `${process.version}: ${reason} It was built for another Node.js version or platform: run \`npm rebuild better-sqlite3\` ` +
        "in the project (or reinstall its dependencies) with the Node.js you run Koan with.",
      { cause },
    );
  }
}
