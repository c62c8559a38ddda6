import { expect } from "vitest";

/** An error class of `@koan/core`, e.g. `ArtifactNotFoundError`. */
export type ErrorClass<E extends Error> = abstract new (...args: never[]) => E;

/**
 * Awaits `action` and returns the error it rejects (or throws) with, failing
 * the test if it succeeds.
 */
export async function caught(action: Promise<unknown> | (() => unknown)): Promise<unknown> {
  try {
    await (typeof action === "function" ? action() : action);
  } catch (error) {
    return error;
  }
  expect.fail("expected the call to fail, but it succeeded");
}

/**
 * Expects `action` to fail with a `KoanError` of the given class and code.
 * Both are checked: `instanceof` fails when two copies of `@koan/core` are
 * installed, which users would hit too.
 */
export async function expectKoanError<E extends Error>(
  action: Promise<unknown> | (() => unknown),
  errorClass: ErrorClass<E>,
  code: string,
): Promise<E> {
  const error = await caught(action);
  expect(error, `expected ${errorClass.name} (${code}), got ${describeError(error)}`).toBeInstanceOf(errorClass);
  expect((error as { code?: unknown }).code).toBe(code);
  return error as E;
}

/** Expects `action` to fail with an error named `AbortError`, as an aborted signal requires. */
export async function expectAbortError(action: Promise<unknown> | (() => unknown)): Promise<void> {
  const error = await caught(action);
  expect((error as Error | undefined)?.name, `expected an AbortError, got ${describeError(error)}`).toBe("AbortError");
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
