// `@koan/core/repository`: opening a project's `.koan/` and its metadata
// store, without the rest of core. Tools that only read the store (the CLI's
// `koan stack list`) import this and skip zod, the flavor registry and the
// engine, which cost a short command most of its start-up time.
export { closeRepositories, findRepositoryRoot, initRepository, openRepository, setActiveStack, KOAN_DIR } from "./repository.js";
export type { OpenRepositoryOptions, Repository } from "./repository.js";
export type { RepositoryConfig } from "./repository-config.js";
