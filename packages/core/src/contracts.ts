// `@koan/core/contracts`: the component contracts for integration authors,
// re-exported so an integration needs only `@koan/core` as a peer.
export * from "@koan/contracts";
