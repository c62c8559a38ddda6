import { ArtifactNotFoundError } from "@koan/contracts";
import { assertValidKey } from "../local/artifact-key.js";

/**
 * `ArtifactStore.exists` for a store whose `stat` throws
 * `ArtifactNotFoundError` for a missing key: a key the store could never
 * hold is simply absent, a missing key is false, and any other failure (a
 * missing bucket, wrong credentials) is thrown, not taken for "absent".
 */
export async function existsByStat(key: string, stat: (key: string) => Promise<unknown>): Promise<boolean> {
  try {
    assertValidKey(key);
  } catch {
    return false;
  }
  try {
    await stat(key);
    return true;
  } catch (error) {
    if (error instanceof ArtifactNotFoundError) return false;
    throw error;
  }
}
