import { step, z } from "@koan/core";
import { loadChurnDataset } from "../ml/index.js";
import type { Row } from "../ml/index.js";

/**
 * Reads the CSV. `sha256` is the file's content hash, passed in by the
 * runner: it is what makes the cache notice a changed file at the same path.
 */
export const loadData = step(
  { name: "load_data", params: z.object({ path: z.string(), sha256: z.string() }) },
  async (_inputs, { path }, ctx): Promise<Row[]> => {
    const table = await loadChurnDataset(path);
    ctx.logger.info(`read ${table.rows.length} rows and ${table.columns.length} columns from ${path}`);
    ctx.addOutputMetadata({ rows: table.rows.length, columns: [...table.columns] });
    return [...table.rows];
  },
);
