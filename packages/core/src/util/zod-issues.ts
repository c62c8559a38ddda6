import type { z } from "zod";

/** Zod issues as `{ path: "a.b[0]", message }`, the shape Koan's errors carry. */
export function formatIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({
    path: issue.path
      .map((part, i) => (typeof part === "number" ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`))
      .join(""),
    message: issue.message,
  }));
}
