// @koan/scaffold: creates an integration package of any component type from
// the integration template. The `koan integration new` command and
// `npm run new-integration` in Koan's repository both call scaffoldIntegration.
export { scaffoldIntegration } from "./scaffold.js";
export type { ScaffoldOptions, ScaffoldResult } from "./scaffold.js";
export { ScaffoldError } from "./errors.js";
export { COMPONENT_TYPE_NAMES, componentTypeInfo, parseComponentType } from "./component-types.js";
export type { ComponentTypeInfo } from "./component-types.js";
export { camelCase, constantCase, pascalCase, renamePlaceholders, RESERVED_NAMES, validateIntegrationName } from "./names.js";
export { findTemplateDir, isTemplateDir } from "./template-source.js";
export { detectWorkspace } from "./workspace.js";
export type { Workspace } from "./workspace.js";
export { defaultTargetDir, nextSteps } from "./next-steps.js";
