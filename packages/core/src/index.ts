// @koan/core: steps, pipelines, stacks, the flavor registry, the engine and
// the embedded local stack. Component contracts are in `@koan/core/contracts`.
export { z } from "zod";

export { step, stepDefinition } from "./step/step.js";
export type { OutputHandle } from "./step/output-handle.js";
export type {
  InputHandles,
  InvocationOptions,
  MultiOutputHandles,
  MultiOutputStepConfig,
  NoInputs,
  NoParams,
  ParamsSchema,
  SingleOutputStepConfig,
  Step,
  StepCallArgs,
  StepFunction,
  StepHooks,
  StepInputs,
} from "./step/step-types.js";
export type { PipelineHookContext, StepContext, StepHookContext, StepLogger } from "./step/step-context.js";
export type { StepDefinition } from "./step/step-definition.js";

// Built-in alerter steps and hooks: post through the stack's alerter, gate a step on a person's approval.
export { alerterAsk, alerterAskParams, alerterPost, alerterPostParams } from "./alerter/alerter-steps.js";
export { alerterFailureHook, alerterSuccessHook } from "./alerter/alerter-hooks.js";
export { alerterContextOf } from "./alerter/alerter-context.js";
export type { AlerterHookContext } from "./alerter/alerter-context.js";
export { requireAlerter } from "./alerter/stack-alerter.js";
export { ApprovalNotGivenError, NoAlerterError } from "./alerter/errors.js";
// Building blocks of alerter flavors, so every integration answers, waits, cuts and renders the same way.
export { answerOf, answerWords, classifyAnswer, DEFAULT_APPROVE_WORDS, DEFAULT_REJECT_WORDS, normalizeAnswer } from "./alerter/answer-words.js";
export type { AnswerWords } from "./alerter/answer-words.js";
export { abortError, pause, throwIfAborted } from "./alerter/abort.js";
export { pollForAnswer } from "./alerter/poll-for-answer.js";
export type { PollForAnswerOptions } from "./alerter/poll-for-answer.js";
export { STATUS_COLOURS, statusColour, statusColourHex } from "./alerter/status-colour.js";
export { characterCount, truncate, truncateWithFootnote, TRUNCATION_MARKER } from "./alerter/truncate.js";
export type { TextUnit } from "./alerter/truncate.js";
export { alerterContextFields, alerterContextLines, alerterContextTitle, hasAlerterContext, isWebLink } from "./alerter/context-fields.js";
export type { AlerterContextField, AlerterContextFieldKey } from "./alerter/context-fields.js";
export { fencedCode, PLAIN_TEXT, renderMarkdown, stripMarkdown } from "./alerter/simple-markdown.js";
export type { MarkdownTarget } from "./alerter/simple-markdown.js";
export { retryAfterMs } from "./alerter/retry-after.js";

export { pipeline } from "./pipeline/pipeline.js";
export type { CompiledPipeline, Pipeline, PipelineConfig } from "./pipeline/pipeline.js";
export { orderSpecSteps } from "./pipeline/validate-spec.js";
export type { RunOptions } from "./engine/run-options.js";

export { defineFlavor } from "./registry/flavor.js";
export type { AnyFlavor, ComponentSpec, Flavor, FlavorContext, FlavorDefinition, StackRuleView } from "./registry/flavor.js";
export { FlavorRegistry, isComponentType } from "./registry/flavor-registry.js";
export { flavors, registerFlavor } from "./registry/default-registry.js";

export { defineStack, stackProblems } from "./stack/define-stack.js";
export type { Stack, StackDefinition } from "./stack/define-stack.js";
export { activateStack } from "./stack/resolve-stack.js";
export type { ActiveStack } from "./stack/resolve-stack.js";

export { localArtifactStore, localOrchestrator } from "./local/local-flavors.js";
export { LocalArtifactStore } from "./local/local-artifact-store.js";
export { LocalOrchestrator } from "./local/local-orchestrator.js";
export { assertValidKey } from "./local/artifact-key.js";

export type { ArtifactReader, ArtifactWriter, Materializer } from "./materializers/materializer.js";
export { registerMaterializer, materializers } from "./materializers/materializer-registry.js";
export { bytesMaterializer } from "./materializers/bytes-materializer.js";
export { jsonMaterializer } from "./materializers/json-materializer.js";
export { stringMaterializer } from "./materializers/string-materializer.js";
export { typedArrayMaterializer } from "./materializers/typed-array-materializer.js";
export { decodeKoanJson, encodeKoanJson } from "./materializers/koan-json.js";

export { Client } from "./client/client.js";
export { PipelineRun } from "./client/pipeline-run.js";
export { StepRunView } from "./client/step-run-view.js";
export { ArtifactView } from "./client/artifact-view.js";
export { formatDuration, formatRun } from "./client/format-run.js";
export { isRunOrphaned } from "./client/run-liveness.js";
export { storeForIdentity } from "./client/client-context.js";
export type { ClientContext } from "./client/client-context.js";

export { closeRepositories, findRepositoryRoot, initRepository, openRepository, KOAN_DIR } from "./repository/repository.js";
export type { Repository } from "./repository/repository.js";
export { repositoryMetadataStore } from "./repository/repository-store.js";
export type { SharedMetadataStore } from "./repository/repository-store.js";
export { loadStack } from "./repository/load-stack.js";
export type { RepositoryConfig } from "./repository/repository-config.js";

export { canonicalJson, hashJson } from "./util/hash.js";

// Errors are part of the everyday API (catch PipelineRunFailedError, branch on .code).
export {
  AlerterRefusedError,
  AlerterUnreachableError,
  AlreadyExistsError,
  ArtifactNotFoundError,
  InvalidArgumentError,
  ArtifactStoreError,
  InvalidArtifactKeyError,
  InvalidConfigError,
  InvalidParamsError,
  KoanError,
  MaterializerError,
  NotFoundError,
  NotSupportedError,
  PipelineCompileError,
  PipelineRunFailedError,
  StackValidationError,
  UnknownComponentTypeError,
  UnknownFlavorError,
} from "@koan/contracts";
export type { ArtifactStoreFailure } from "@koan/contracts";

// Secrets: the local encrypted store (the `secrets_manager/local` flavor),
// secret schemas, `{{name.key}}` references and their resolution.
export { LocalSecretsManager } from "./secrets/local-secrets-manager.js";
export type { LocalSecretsManagerOptions } from "./secrets/local-secrets-manager.js";
export { localSecretsManager, repositorySecretsManager, DEFAULT_SECRETS_FILE } from "./secrets/local-secrets-flavor.js";
export { checkSecret, getSecretSchema, registerSecretSchema, secretSchemas, SECRET_KEY_PATTERN, SECRET_NAME_PATTERN } from "./secrets/secret-schemas.js";
export type { SecretSchemaDefinition } from "./secrets/secret-schemas.js";
export { findSecretReferences, isSecretReference, redactError, redactValues, resolveSecretReferences } from "./secrets/secret-references.js";
export type { SecretReference } from "./secrets/secret-references.js";
export { checkStackSecrets, openSecretsManager, resolveStackSecrets } from "./secrets/stack-secrets.js";
export type { ResolvedStackSecrets } from "./secrets/stack-secrets.js";
export { generateSecretsKey, readSecretsKey, SECRETS_KEY_ENV, SECRETS_KEY_FILE } from "./secrets/secrets-key.js";
export type { SecretsKey } from "./secrets/secrets-key.js";
export { InvalidSecretError, SecretReferenceError, SecretsFileError, SecretsKeyError, UnknownSecretSchemaError } from "./secrets/errors.js";

// Discovery of installed integrations and the project's own flavor modules.
export { discoverFlavors } from "./discovery/discover.js";
export type { DiscoveredModule, DiscoveredPackage, DiscoveryReport } from "./discovery/discover.js";
export { findKoanPackages, readInstalledPackage } from "./discovery/installed-packages.js";
export type { KoanPackage } from "./discovery/installed-packages.js";
export { addLocalFlavorModule, listLocalFlavorModules, removeLocalFlavorModule } from "./discovery/local-flavor-modules.js";
export { flavorsInModule, isFlavor } from "./discovery/flavor-exports.js";
export { setActiveStack } from "./repository/repository.js";
export { joinHead, readHead, resumeBody } from "./util/body-head.js";
export type { BodyHead } from "./util/body-head.js";
export { deleteInBatches } from "./util/delete-in-batches.js";
export { existsByStat } from "./util/exists-by-stat.js";
