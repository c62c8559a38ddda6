import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, it } from "vitest";
import type { StackComponent } from "@koan/core/contracts";

/** What every conformance suite is given. */
export interface SuiteOptions<C> {
  /** Names the implementation in test titles, e.g. `"s3"` or `"@koan/slack alerter"`. */
  readonly name: string;
  /**
   * Creates the component under test. Called once, before the suite's tests;
   * the suite calls `close()` on it (when present) after them.
   */
  create(): Promise<C>;
  /** Runs after the suite's tests and before `close()`: delete a bucket, stop a server. */
  cleanup?(component: C): Promise<void>;
  /** Timeout of each test in milliseconds; raise it for slow real services. Defaults to 60 000. */
  readonly timeoutMs?: number;
}

/** The component the suite's tests share, created before them and closed after them. */
export interface SharedComponent<C> {
  /** The component; throws if `create` failed. */
  (): C;
}

/**
 * Creates the component once for a `describe` block and closes it after.
 * Call inside the block.
 */
export function sharedComponent<C extends StackComponent>(
  create: () => Promise<C>,
  cleanup?: (component: C) => Promise<void>,
): SharedComponent<C> {
  let component: C | undefined;
  beforeAll(async () => {
    component = await create();
  });
  afterAll(async () => {
    if (!component) return;
    try {
      await cleanup?.(component);
    } finally {
      await component.close?.();
    }
  });
  return () => {
    if (!component) throw new Error("The component was not created: see the error of the suite's beforeAll hook.");
    return component;
  };
}

/**
 * A test that needs a capability. Without it the test is skipped, and its
 * title says why, e.g. `ask approves (skipped: this alerter cannot ask)`.
 */
export function itWith(
  enabled: boolean,
  title: string,
  reason: string,
  fn: () => Promise<void> | void,
  timeoutMs?: number,
): void {
  if (enabled) it(title, fn, timeoutMs);
  else it.skip(`${title} (skipped: ${reason})`, fn);
}

/** A short random token, so tests against a shared real service never collide. */
export function uniqueToken(): string {
  return `${Date.now().toString(36)}${randomBytes(4).toString("hex")}`;
}

/** The default per-test timeout of the suites. */
export const DEFAULT_TIMEOUT_MS = 60_000;
