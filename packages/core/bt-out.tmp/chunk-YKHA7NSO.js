var __defProp = Object.defineProperty;
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};

// ../contracts/dist/index.js
var KoanError = class extends Error {
  code;
  constructor(code, message, options) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
};
var InvalidConfigError = class extends KoanError {
  constructor(flavor, issues) {
    const first = issues[0];
    const where = first ? `${first.path || "(root)"}: ${first.message}` : "invalid config";
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
    super("INVALID_CONFIG", `Invalid config for flavor "${flavor}" at ${where}${more}`);
    this.flavor = flavor;
    this.issues = issues;
  }
  flavor;
  issues;
};
var UnknownFlavorError = class extends KoanError {
  constructor(componentType, flavor, known) {
    super(
      "UNKNOWN_FLAVOR",
      `Unknown ${componentType} flavor "${flavor}". Known flavors: ${known.length ? known.join(", ") : "none"}. Install the integration that provides it, or register it with registerFlavor().`
    );
    this.componentType = componentType;
    this.flavor = flavor;
    this.known = known;
  }
  componentType;
  flavor;
  known;
};
var UnknownComponentTypeError = class extends KoanError {
  constructor(componentType, known) {
    super("UNKNOWN_COMPONENT_TYPE", `Unknown component type "${componentType}". Known types: ${known.join(", ")}.`);
    this.componentType = componentType;
  }
  componentType;
};
var StackValidationError = class extends KoanError {
  constructor(stackName, problems) {
    super("INVALID_STACK", `Stack "${stackName}" is not valid: ${problems.join("; ")}`);
    this.stackName = stackName;
    this.problems = problems;
  }
  stackName;
  problems;
};
var PipelineCompileError = class extends KoanError {
  constructor(pipeline, message, steps) {
    super("PIPELINE_COMPILE", `Pipeline "${pipeline}": ${message}`);
    this.pipeline = pipeline;
    this.steps = steps;
  }
  pipeline;
  steps;
};
var InvalidParamsError = class extends KoanError {
  constructor(step, issues) {
    const list = issues.map((i) => `${i.path || "(root)"}: ${i.message}`).join("; ");
    super("INVALID_PARAMS", `Invalid params for step "${step}": ${list}`);
    this.step = step;
    this.issues = issues;
  }
  step;
  issues;
};
var ArtifactNotFoundError = class extends KoanError {
  constructor(store, key) {
    super("ARTIFACT_NOT_FOUND", `No object "${key}" in artifact store ${store}`);
    this.store = store;
    this.key = key;
  }
  store;
  key;
};
var InvalidArtifactKeyError = class extends KoanError {
  constructor(key, reason) {
    super("INVALID_ARTIFACT_KEY", `Artifact key "${key}" is refused: ${reason}`);
    this.key = key;
  }
  key;
};
var MaterializerError = class extends KoanError {
  constructor(message, options) {
    super("MATERIALIZER", message, options);
  }
};
var NotFoundError = class extends KoanError {
  constructor(kind, ref, hint) {
    super("NOT_FOUND", `No ${kind} "${ref}"${hint ? `. ${hint}` : ""}`);
    this.kind = kind;
    this.ref = ref;
  }
  kind;
  ref;
};
var AlreadyExistsError = class extends KoanError {
  constructor(kind, ref, hint) {
    super("ALREADY_EXISTS", `A ${kind} named "${ref}" already exists${hint ? `. ${hint}` : ""}`);
    this.kind = kind;
    this.ref = ref;
  }
  kind;
  ref;
};
var PipelineRunFailedError = class extends KoanError {
  constructor(pipeline, runId, failedSteps, options) {
    super(
      "RUN_FAILED",
      `Pipeline "${pipeline}" run ${runId} failed in step${failedSteps.length === 1 ? "" : "s"} ${failedSteps.join(", ")}` + (options?.cause instanceof Error ? `: ${options.cause.message}` : ""),
      options
    );
    this.pipeline = pipeline;
    this.runId = runId;
    this.failedSteps = failedSteps;
  }
  pipeline;
  runId;
  failedSteps;
};
var NotSupportedError = class extends KoanError {
  constructor(component, operation, hint) {
    super("NOT_SUPPORTED", `${component} does not support ${operation}${hint ? `. ${hint}` : ""}`);
    this.component = component;
    this.operation = operation;
  }
  component;
  operation;
};
var COMPONENT_TYPES = [
  "orchestrator",
  "artifact_store",
  "container_registry",
  "step_operator",
  "experiment_tracker",
  "alerter",
  "annotator",
  "data_validator",
  "feature_store",
  "model_deployer",
  "secrets_manager",
  "visualizer"
];
var STACK_SLOTS = {
  orchestrator: "orchestrator",
  artifact_store: "artifactStore",
  container_registry: "containerRegistry",
  step_operator: "stepOperator",
  experiment_tracker: "experimentTracker",
  alerter: "alerter",
  annotator: "annotator",
  data_validator: "dataValidator",
  feature_store: "featureStore",
  model_deployer: "modelDeployer",
  secrets_manager: "secretsManager",
  visualizer: "visualizer"
};

export {
  __export,
  KoanError,
  InvalidConfigError,
  UnknownFlavorError,
  UnknownComponentTypeError,
  StackValidationError,
  PipelineCompileError,
  InvalidParamsError,
  ArtifactNotFoundError,
  InvalidArtifactKeyError,
  MaterializerError,
  NotFoundError,
  AlreadyExistsError,
  PipelineRunFailedError,
  NotSupportedError,
  COMPONENT_TYPES,
  STACK_SLOTS
};
