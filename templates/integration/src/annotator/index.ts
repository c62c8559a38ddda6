export { templateAnnotator, templateAnnotatorConfig } from "./flavor.js";
export type { TemplateAnnotatorConfig } from "./flavor.js";
export { TemplateAnnotator } from "./template-annotator.js";
