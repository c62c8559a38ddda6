// @koan/testing: one conformance suite per stack component type. An
// integration's test file hands a suite a factory and its capabilities; a
// capability it lacks is skipped with the reason in the test's title.
export { artifactStoreSuite, ESCAPING_KEYS, LARGE_OBJECT_BYTES, LISTING_KEYS } from "./artifact-store-suite.js";
export type { ArtifactStoreSuiteOptions } from "./artifact-store-suite.js";
export { orchestratorSuite, makeSpec, randomDag, RecordingExecution } from "./orchestrator-suite.js";
export type { OrchestratorCapabilities, OrchestratorSuiteOptions, StepBehaviour } from "./orchestrator-suite.js";
export { alerterSuite } from "./alerter-suite.js";
export type { AlerterSuiteOptions, AlerterThatAsks, AlerterThatOnlyPosts, AskedQuestion, DeliveredMessage, Reply } from "./alerter-suite.js";
export { experimentTrackerSuite } from "./experiment-tracker-suite.js";
export type { ExperimentTrackerSuiteOptions, RecordedTrackerRun } from "./experiment-tracker-suite.js";
export { secretsManagerSuite } from "./secrets-manager-suite.js";
export type { SecretsManagerSuiteOptions } from "./secrets-manager-suite.js";
export { modelDeployerSuite } from "./model-deployer-suite.js";
export type { ModelDeployerSuiteOptions, ServableModel } from "./model-deployer-suite.js";
export { modelRegistrySuite } from "./model-registry-suite.js";
export type { ModelRegistrySuiteOptions } from "./model-registry-suite.js";
export { containerRegistrySuite } from "./container-registry-suite.js";
export type { ContainerRegistrySuiteOptions } from "./container-registry-suite.js";
export { stepOperatorSuite } from "./step-operator-suite.js";
export type { StepOperatorRequests, StepOperatorSuiteOptions } from "./step-operator-suite.js";
export { annotatorSuite } from "./annotator-suite.js";
export type { AnnotatorSuiteOptions } from "./annotator-suite.js";
export { dataValidatorSuite, EXPECTATION_CASES, PEOPLE } from "./data-validator-suite.js";
export type { DataValidatorSuiteOptions } from "./data-validator-suite.js";
export { featureStoreSuite, FEATURE_STORE_FIXTURE } from "./feature-store-suite.js";
export type { FeatureStoreFixture, FeatureStoreSuiteOptions, FixtureRow } from "./feature-store-suite.js";
export { visualizerSuite, REPORT, TINY_PNG } from "./visualizer-suite.js";
export type { VisualizerSuiteOptions } from "./visualizer-suite.js";
export { flavorSuite } from "./flavor-suite.js";
export type { FlavorSuiteOptions } from "./flavor-suite.js";

export { peer } from "./peer.js";
export type { Peer, PeerOptions } from "./peer.js";
export { itWith, sharedComponent, uniqueToken, DEFAULT_TIMEOUT_MS } from "./suite.js";
export type { SharedComponent, SuiteOptions } from "./suite.js";
export { caught, expectAbortError, expectKoanError } from "./expect-error.js";
export type { ErrorClass } from "./expect-error.js";
export { chunksOf, collect, GeneratedBody, hashStream, MemoryProbe, MiB, pseudoRandomBytes, sha256 } from "./bytes.js";
export { closedPort, startFaultProxy } from "./fault-proxy.js";
export type { Fault, FaultAction, FaultProxy, FaultProxyOptions, SeenRequest } from "./fault-proxy.js";
