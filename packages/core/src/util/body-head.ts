import type { ObjectBody } from "@koan/contracts";

/** The start of a body, read before deciding how to upload it. */
export interface BodyHead {
  /** The bytes read so far, in order. */
  readonly chunks: readonly Uint8Array[];
  readonly size: number;
  /** The rest of the body, or `undefined` when `chunks` is all of it. */
  readonly rest: AsyncIterator<Uint8Array> | undefined;
}

/**
 * For remote artifact stores: reads a body until it ends or `limit` bytes have arrived. Small bodies
 * (most artifacts) then go up in one request; larger ones continue from
 * `rest` as a streamed upload. A body that throws rejects here, before any
 * request is made.
 */
export async function readHead(body: ObjectBody, limit: number): Promise<BodyHead> {
  if (body instanceof Uint8Array) return { chunks: [body], size: body.byteLength, rest: undefined };
  const iterator = body[Symbol.asyncIterator]();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < limit) {
    const next = await iterator.next();
    if (next.done) return { chunks, size, rest: undefined };
    chunks.push(next.value);
    size += next.value.byteLength;
  }
  return { chunks, size, rest: iterator };
}

/** The head's chunks followed by the rest of the body. */
export async function* resumeBody(head: BodyHead): AsyncGenerator<Uint8Array> {
  yield* head.chunks;
  if (!head.rest) return;
  for (let next = await head.rest.next(); !next.done; next = await head.rest.next()) yield next.value;
}

/** The head as one buffer (its chunks joined), for a single-request upload. */
export function joinHead(head: BodyHead): Buffer {
  const only = head.chunks.length === 1 ? head.chunks[0] : undefined;
  if (only) return Buffer.from(only.buffer, only.byteOffset, only.byteLength);
  return Buffer.concat(head.chunks, head.size);
}
