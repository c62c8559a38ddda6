// The package's public API: the flavor, its config schema and the artifact store class.
export * from "./artifact-store/index.js";
