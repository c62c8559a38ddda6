/** Whether the real service an integration test needs is there. */
export type Peer =
  | { readonly available: true; readonly value: string; readonly title: string }
  | { readonly available: false; readonly value: undefined; readonly title: string; readonly reason: string };

export interface PeerOptions {
  /** The environment variable that points at the running service, e.g. `KOAN_S3_ENDPOINT`. */
  readonly env: string;
  /** What starts the service, named in messages, e.g. `scripts/peers/moto.sh`. */
  readonly start: string;
  /** Used when the variable is unset, for services that need no server (an in-memory fake). */
  readonly fallback?: string;
  /** The environment to read; `process.env` by default. */
  readonly environment?: Readonly<Record<string, string | undefined>>;
}

/**
 * Finds the real service for a `*.int.test.ts` file. When it is missing the
 * tests are skipped with the reason in their title, except under
 * `KOAN_REQUIRE_PEERS=1` (as in CI), where a missing service is an error:
 * never a silent skip.
 *
 * ```ts
 * const s3 = peer({ env: "KOAN_S3_ENDPOINT", start: "scripts/peers/moto.sh" });
 * describe.skipIf(!s3.available)(s3.title, () => { ... });
 * ```
 */
export function peer(options: PeerOptions): Peer {
  const environment = options.environment ?? process.env;
  const value = environment[options.env] || options.fallback;
  if (value) return { available: true, value, title: `against ${value}` };
  const reason = `${options.env} is not set; start the service with ${options.start}`;
  if (environment.KOAN_REQUIRE_PEERS === "1") {
    throw new Error(`KOAN_REQUIRE_PEERS=1 but ${reason}. Integration tests never skip in CI.`);
  }
  return { available: false, value: undefined, title: `(skipped: ${reason})`, reason };
}
