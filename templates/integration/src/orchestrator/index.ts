export { templateOrchestrator, templateOrchestratorConfig } from "./flavor.js";
export type { TemplateOrchestratorConfig } from "./flavor.js";
export { TemplateOrchestrator } from "./template-orchestrator.js";
export type { TemplateOrchestratorOptions } from "./template-orchestrator.js";
