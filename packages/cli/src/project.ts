import { closeRepositories, openRepository } from "@koan/core/repository";
import type { Repository } from "@koan/core/repository";
import { onCleanup } from "./cleanup.js";

/*
 * Kept apart from context.ts (integrations, the client, secrets): commands
 * that only read the metadata store, like `koan stack list`, import just
 * this and stay fast.
 */

let closing = false;

/** The project's repository, found from the current folder upward (or KOAN_REPOSITORY). */
export async function openProject(): Promise<Repository> {
  if (!closing) {
    closing = true;
    onCleanup(closeRepositories);
  }
  return openRepository();
}
