import type { ContainerRegistry, RegistryCredentials } from "@koan/core/contracts";

export interface TemplateContainerRegistryOptions {
  /** Registry and namespace, e.g. `registry.example.com/team`. */
  readonly uri: string;
  readonly username?: string;
  readonly password?: string;
}

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "0.0.0.0"]);

/**
 * Names images in one registry and hands out its login. A cloud registry
 * (ECR, GCR, ACR) fetches a short-lived token in `credentials()` instead and
 * sets `expiresAt`. Credentials live in a private field, so printing or
 * serializing the registry never shows them.
 */
export class TemplateContainerRegistry implements ContainerRegistry {
  readonly specVersion = 1 as const;
  readonly type = "container_registry" as const;
  readonly flavor = "template";
  readonly uri: string;
  readonly isLocal: boolean;
  readonly #login: { readonly username: string; readonly password: string } | null;

  constructor(options: TemplateContainerRegistryOptions) {
    this.uri = options.uri.replace(/^[a-z][a-z0-9+.-]*:\/\//i, "").replace(/\/+$/, "");
    this.isLocal = LOCAL_HOSTS.has((this.uri.split("/")[0] ?? "").replace(/:\d+$/, ""));
    this.#login = options.username && options.password ? { username: options.username, password: options.password } : null;
  }

  imageUri(name: string, tag: string): string {
    return tag.startsWith("sha256:") ? `${this.uri}/${name}@${tag}` : `${this.uri}/${name}:${tag}`;
  }

  async credentials(): Promise<RegistryCredentials | null> {
    return this.#login ? { kind: "basic", ...this.#login } : null;
  }

  toJSON(): Record<string, unknown> {
    return { type: this.type, flavor: this.flavor, uri: this.uri, isLocal: this.isLocal };
  }
}
