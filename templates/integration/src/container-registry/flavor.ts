import { defineFlavor, z } from "@koan/core";

/**
 * The config users give on the command line or in code. Keep the password
 * out of configs: register it as a secret and refer to it, as in
 * `--password "{{registry.password}}"`; the reference is resolved only
 * when the component is created.
 */
export const templateContainerRegistryConfig = z
  .object({
    uri: z
      .string()
      .min(1)
      .regex(/^[^\s/]+(\/[^\s/]+)*\/?$/, "a registry host with an optional namespace, like registry.example.com/team")
      .describe("Registry and namespace images go under, e.g. registry.example.com/team"),
    username: z.string().min(1).optional().describe("User to log in as"),
    password: z.string().min(1).optional().describe("Password or access token; use a secret reference such as {{registry.password}}"),
  })
  .refine((c) => (c.username === undefined) === (c.password === undefined), {
    message: "give both username and password, or neither",
    path: ["password"],
  });

export type TemplateContainerRegistryConfig = z.infer<typeof templateContainerRegistryConfig>;

/** The `template` container registry flavor. */
export const templateContainerRegistry = defineFlavor({
  type: "container_registry",
  name: "template",
  description: "Names images in a registry that takes a username and password.",
  packageName: "@koan/integration-template",
  configSchema: templateContainerRegistryConfig,
  async create(config) {
    // Imported here, not at the top: listing flavors must not load SDKs.
    const { TemplateContainerRegistry } = await import("./template-container-registry.js");
    return new TemplateContainerRegistry(config);
  },
});
