import { mkdir, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { RenderedVisualization, RenderRequest, Visualization, Visualizer } from "@koan/core/contracts";

/**
 * Renders visualizations into one self-contained HTML page: every text is
 * escaped, images are inlined as `data:` URLs, nothing is fetched. A
 * visualizer built on a charting library does the same with the library's
 * output (inline its scripts and styles too).
 */
export class TemplateVisualizer implements Visualizer {
  readonly specVersion = 1 as const;
  readonly type = "visualizer" as const;
  readonly flavor = "template";

  async render(input: RenderRequest): Promise<RenderedVisualization> {
    const sections = input.visualizations.map((v) => `<section>\n<h2>${escape(v.name)}</h2>\n${body(v)}\n</section>`);
    const html = [
      "<!doctype html>",
      '<html lang="en">',
      "<head>",
      '<meta charset="utf-8">',
      `<title>${escape(input.title)}</title>`,
      "<style>body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25rem .5rem}pre{background:#f6f6f6;padding:1rem}</style>",
      "</head>",
      "<body>",
      `<h1>${escape(input.title)}</h1>`,
      ...sections,
      "</body>",
      "</html>",
      "",
    ];
    return { html: html.join("\n") };
  }

  async save(input: RenderRequest, path: string): Promise<string> {
    const target = resolve(path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, (await this.render(input)).html, "utf8");
    return target;
  }
}

function body(v: Visualization): string {
  const text = typeof v.content === "string" ? v.content : Buffer.from(v.content).toString("utf8");
  switch (v.type) {
    case "html":
      // Already HTML: produced by a materializer or component, shown as is.
      return text;
    case "image": {
      const src =
        typeof v.content === "string" && v.content.startsWith("data:")
          ? v.content
          : `data:${v.mimeType ?? "image/png"};base64,${Buffer.from(typeof v.content === "string" ? Buffer.from(v.content, "base64") : v.content).toString("base64")}`;
      return `<img alt="${escape(v.name)}" src="${escape(src)}">`;
    }
    case "csv":
      return csvTable(text);
    case "json":
      return `<pre>${escape(prettyJson(text))}</pre>`;
    case "markdown":
      return `<pre class="markdown">${escape(text)}</pre>`;
  }
}

function csvTable(text: string): string {
  const rows = text.split(/\r?\n/).filter((line) => line.length > 0).map((line) => line.split(","));
  const [head, ...rest] = rows;
  if (!head) return "<table></table>";
  const cells = (row: string[], tag: string) => row.map((cell) => `<${tag}>${escape(cell)}</${tag}>`).join("");
  return `<table><thead><tr>${cells(head, "th")}</tr></thead><tbody>${rest.map((row) => `<tr>${cells(row, "td")}</tr>`).join("")}</tbody></table>`;
}

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}
