import type { StackComponent } from "./component-type.js";

/**
 * Credentials a container client uses to log in to a registry. A registry
 * that takes a bearer token (a short-lived cloud token, a personal access
 * token) returns `kind: "token"`; everything else returns a username and
 * password (for ECR and ACR the password is itself a short-lived token).
 *
 * Credentials are secrets: never log them, never store them in metadata.
 */
export type RegistryCredentials =
  | {
      readonly kind: "basic";
      readonly username: string;
      readonly password: string;
      /** When the password stops working (cloud registry tokens), if known. */
      readonly expiresAt?: Date;
    }
  | {
      readonly kind: "token";
      readonly token: string;
      /** When the token stops working, if known. */
      readonly expiresAt?: Date;
    };

/**
 * Where the container images that bundle a pipeline's code are pushed, and
 * from where remote orchestrators and step operators pull them. The registry
 * only names images and hands out credentials; building and pushing is done
 * by the image builder with those.
 */
export interface ContainerRegistry extends StackComponent<"container_registry"> {
  readonly specVersion: 1;
  /**
   * The registry and namespace images go under, without a scheme or a
   * trailing slash, e.g. `ghcr.io/org`, `localhost:5000`,
   * `123456789012.dkr.ecr.eu-west-1.amazonaws.com/koan`.
   */
  readonly uri: string;
  /**
   * True when the registry is only reachable from this machine
   * (`localhost:5000`); a stack with a remote orchestrator refuses it.
   */
  readonly isLocal: boolean;
  /**
   * The full reference of an image in this registry: `imageUri("train", "3f9c")`
   * is `ghcr.io/org/train:3f9c`. Pure: no network access.
   *
   * @param name - Repository name inside the namespace; lower case, `/` allowed.
   * @param tag - Tag, or a digest starting with `sha256:` (then joined with `@`).
   */
  imageUri(name: string, tag: string): string;
  /**
   * Credentials to log in with, fetched or refreshed as needed; `null` when
   * the registry needs none (a local registry, or one the ambient docker
   * login already covers).
   */
  credentials(): Promise<RegistryCredentials | null>;
}
