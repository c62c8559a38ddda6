import { readFile, writeFile, rename } from "node:fs/promises";
import { join } from "node:path";
import { KoanError } from "@koan/contracts";
import { z } from "zod";

/** `.koan/config.json`: which stack is active and where the metadata lives. */
export const repositoryConfigSchema = z.object({
  version: z.literal(1),
  activeStack: z.string().min(1),
  /** `sqlite:<path>`, relative paths resolve against `.koan/`. */
  storeUrl: z.string().min(1),
});

export type RepositoryConfig = z.infer<typeof repositoryConfigSchema>;

export const DEFAULT_CONFIG: RepositoryConfig = { version: 1, activeStack: "default", storeUrl: "sqlite:koan.db" };

export async function readRepositoryConfig(koanDir: string): Promise<RepositoryConfig> {
  const path = join(koanDir, "config.json");
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new KoanError("NO_REPOSITORY_CONFIG", `Cannot read ${path}: ${(error as Error).message}. Run \`koan init\` to create it.`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new KoanError("BAD_REPOSITORY_CONFIG", `${path} is not valid JSON. Fix it by hand, or move it away and run \`koan init\`.`);
  }
  const parsed = repositoryConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new KoanError("BAD_REPOSITORY_CONFIG", `${path}: ${issue?.path.join(".") || "(root)"}: ${issue?.message}. Fix the file, or move it away and run \`koan init\`.`);
  }
  return parsed.data;
}

/** Writes the config atomically (temp file, then rename), so a crash never leaves half a file. */
export async function writeRepositoryConfig(koanDir: string, config: RepositoryConfig): Promise<void> {
  const path = join(koanDir, "config.json");
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o644 });
  await rename(temp, path);
}
