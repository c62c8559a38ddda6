import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { isAbsolute, join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RenderRequest, Visualizer } from "@koan/core/contracts";
import { DEFAULT_TIMEOUT_MS, itWith, sharedComponent } from "./suite.js";
import type { SuiteOptions } from "./suite.js";

export interface VisualizerSuiteOptions extends SuiteOptions<Visualizer> {
  readonly capabilities: {
    /** `save` exists and writes the rendered document to a file. */
    readonly save: boolean;
  };
}

/** A 1x1 transparent PNG. */
export const TINY_PNG = Uint8Array.from(
  Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64"),
);

/** One visualization of every type, with text that must be escaped. */
export const REPORT: RenderRequest = {
  title: "Churn <model> & \"friends\"",
  visualizations: [
    { type: "markdown", name: "summary_md", content: "# Summary\n\nAccuracy is **0.91**." },
    { type: "csv", name: "metrics_csv", content: "metric,value\naccuracy,0.91\nnote,<script>alert(1)</script>\n" },
    { type: "json", name: "params_json", content: JSON.stringify({ lr: 0.05, layers: [64, 32] }) },
    { type: "image", name: "curve_png", content: TINY_PNG, mimeType: "image/png" },
    { type: "html", name: "table_html", content: "<table><tr><td>custom html cell</td></tr></table>" },
  ],
};

/** Attributes and CSS that would make the browser fetch something. */
const EXTERNAL = /(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\/|@import\s+(?:url\()?\s*["']?(?:https?:)?\/\//i;

/**
 * The visualizer contract: one self-contained HTML document (images
 * inlined, nothing fetched), the title and every visualization in order,
 * text safely escaped, and `save` writing it where asked.
 */
export function visualizerSuite(options: VisualizerSuiteOptions): void {
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  describe(`${options.name}: visualizer conformance`, () => {
    const visualizer = sharedComponent(options.create, options.cleanup);

    it("identifies itself as a visualizer", () => {
      const v = visualizer();
      expect(v.type).toBe("visualizer");
      expect(v.specVersion).toBe(1);
      expect(typeof v.flavor).toBe("string");
    });

    it("renders one HTML document with the escaped title", async () => {
      const { html } = await visualizer().render(REPORT);
      expect(html.trimStart().toLowerCase().startsWith("<!doctype html")).toBe(true);
      expect(html).toMatch(/<\/html>\s*$/i);
      expect(html).toContain("Churn &lt;model&gt; &amp;");
      expect(html).not.toContain("Churn <model>");
    }, timeout);

    it("shows every visualization, in order", async () => {
      const { html } = await visualizer().render(REPORT);
      const positions = REPORT.visualizations.map((v) => html.indexOf(v.name));
      for (const [i, position] of positions.entries()) expect(position, `${REPORT.visualizations[i]?.name} is missing`).toBeGreaterThanOrEqual(0);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
      expect(html).toContain("0.91");
      expect(html).toContain("accuracy");
      expect(html).toContain("custom html cell");
      expect(html).toContain("layers");
    }, timeout);

    it("is self-contained: the image is inlined and nothing is fetched", async () => {
      const { html } = await visualizer().render(REPORT);
      expect(html).toContain(`data:image/png;base64,${Buffer.from(TINY_PNG).toString("base64")}`);
      expect(html).not.toMatch(EXTERNAL);
    }, timeout);

    it("escapes text content: a script in a CSV cell stays text", async () => {
      const { html } = await visualizer().render(REPORT);
      expect(html).not.toContain("<script>alert(1)</script>");
      expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    }, timeout);

    it("renders a report without visualizations", async () => {
      const { html } = await visualizer().render({ title: "Empty", visualizations: [] });
      expect(html).toContain("Empty");
    }, timeout);

    itWith(
      options.capabilities.save,
      "save writes the rendered document, creating folders, and returns the absolute path",
      "this visualizer only renders",
      async () => {
        const folder = await mkdtemp(join(tmpdir(), "koan-visualizer-"));
        try {
          const target = join(folder, "nested", "deeper", "report.html");
          const written = await visualizer().save?.(REPORT, target);
          expect(isAbsolute(written as string)).toBe(true);
          expect(written).toBe(target);
          const { html } = await visualizer().render(REPORT);
          expect(await readFile(target, "utf8")).toBe(html);
        } finally {
          await rm(folder, { recursive: true, force: true });
        }
      },
      timeout,
    );

    itWith(
      !options.capabilities.save,
      "without save, the method is left out",
      "this visualizer saves",
      () => {
        expect(visualizer().save).toBeUndefined();
      },
    );
  });
}
