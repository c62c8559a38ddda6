export { templateVisualizer, templateVisualizerConfig } from "./flavor.js";
export type { TemplateVisualizerConfig } from "./flavor.js";
export { TemplateVisualizer } from "./template-visualizer.js";
