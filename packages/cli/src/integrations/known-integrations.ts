/**
 * Every integration `koan integration list` and `koan integration install`
 * know by name: its npm package and the flavors it provides (`type/name`).
 * The one table of them: a package check compares it with the folders under
 * `integrations/` of the repository, so add a row with each new integration.
 * Installed packages that are not in this table (third-party integrations)
 * are still discovered from their package.json `"koan"` field.
 */
export interface KnownIntegration {
  /** What users type: `koan integration install slack`. */
  readonly name: string;
  readonly packageName: string;
  readonly description: string;
  readonly flavors: readonly string[];
  /** Part of @koan/core: always installed, never installed separately. */
  readonly builtIn?: true;
}

export const KNOWN_INTEGRATIONS: readonly KnownIntegration[] = [
  {
    name: "core",
    packageName: "@koan/core",
    description: "The local stack: in-process orchestrator, local artifact store, encrypted local secrets",
    flavors: ["artifact_store/local", "orchestrator/local", "secrets_manager/local"],
    builtIn: true,
  },
  {
    name: "azure",
    packageName: "@koan/azure",
    description: "Azure Blob Storage artifact store (az://container/folder)",
    flavors: ["artifact_store/azure"],
  },
  {
    name: "gcp",
    packageName: "@koan/gcp",
    description: "Google Cloud Storage artifact store (gs://bucket/folder)",
    flavors: ["artifact_store/gcs"],
  },
];
