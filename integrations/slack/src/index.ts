// The package's public API: the flavor, its config schema and the alerter class.
export * from "./alerter/index.js";
