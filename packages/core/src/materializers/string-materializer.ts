import type { Materializer } from "./materializer.js";

/** Strings, stored as UTF-8 text. */
export const stringMaterializer: Materializer<string> = {
  id: "koan.string",
  canHandle: (value): value is string => typeof value === "string",
  dataType: () => "string",
  async save(value, writer) {
    await writer.write("data.txt", Buffer.from(value, "utf8"));
    return { length: value.length };
  },
  async load(reader) {
    return Buffer.from(await reader.read("data.txt")).toString("utf8");
  },
  visualize(value) {
    return [{ type: "markdown", name: "text", content: value }];
  },
};
