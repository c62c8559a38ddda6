import { constants } from "node:buffer";
import { open, type FileHandle } from "node:fs/promises";

/*
 * Whole-object reads and writes move up to this many bytes per system call.
 * fs.promises.readFile/writeFile use 512 KiB, i.e. 2,048 thread-pool round
 * trips per GiB, each waiting for the event loop to issue the next; while the
 * engine hashes a large buffer on the main thread (alongside the write, in
 * slices of 4 MiB), that would hold the disk to 512 KiB per slice. At 16 MiB
 * a chunk spans several slices, so the disk never waits long. (64 MiB
 * chunks measured no faster on the development VM.)
 */
const IO_CHUNK = 16 * 1024 * 1024;

/** Writes all of `bytes` to a new file (failing if it exists), in large chunks. */
export async function writeWhole(path: string, bytes: Uint8Array): Promise<void> {
  const handle = await open(path, "wx");
  try {
    await inChunks(bytes.byteLength, async (start, stop) => {
      for (let offset = start; offset < stop; ) {
        const { bytesWritten } = await handle.write(bytes, offset, stop - offset, offset);
        offset += bytesWritten;
      }
      return stop;
    });
  } finally {
    await handle.close();
  }
}

/**
 * Reads a whole file into one buffer of its size, in large chunks. The buffer
 * owns its memory (not a slice of Node's pool), so materializers may hand it
 * out without copying.
 */
export async function readWhole(path: string): Promise<Buffer> {
  const handle = await open(path, "r");
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw Object.assign(new Error(`EISDIR: illegal operation on a directory, read '${path}'`), { code: "EISDIR" });
    if (info.size > constants.MAX_LENGTH) {
      throw new RangeError(`${path} is ${info.size} bytes, more than a Buffer holds (${constants.MAX_LENGTH}); read it with getStream`);
    }
    const bytes = Buffer.allocUnsafeSlow(info.size);
    const length = await readInto(handle, bytes);
    // Objects are never rewritten in place (writes rename a new file over the key), so a short read is a truncated file.
    return length === bytes.byteLength ? bytes : bytes.subarray(0, length);
  } finally {
    await handle.close();
  }
}

/*
 * Chunk reads or writes kept in flight at once, each positional (at its own
 * offset), so they share no file position. Reads: most of a large read's
 * time is not the disk but the kernel faulting in the fresh buffer's pages
 * as it copies into them, work done on the thread that reads; one read at a
 * time keeps one of libuv's threads busy, 4 (the size of its pool unless
 * UV_THREADPOOL_SIZE says otherwise) keep them all busy. Writes to one file
 * do not run in parallel (the filesystem serialises them on the file), but
 * with more queued the next one starts the moment one ends, instead of
 * waiting for the main thread, which is busy hashing while an artifact is
 * saved, to issue it. More would only queue, and hold up other file I/O of
 * the process meanwhile.
 */
const IN_FLIGHT = 4;

/**
 * Fills `bytes` from the start of the file. Returns how many bytes the file
 * held: fewer than `bytes.byteLength` if it ended early (then `bytes` holds
 * the file up to there; the rest is undefined).
 */
export async function readInto(handle: Pick<FileHandle, "read">, bytes: Buffer): Promise<number> {
  return inChunks(bytes.byteLength, async (start, stop) => {
    for (let offset = start; offset < stop; ) {
      const { bytesRead } = await handle.read(bytes, offset, stop - offset, offset);
      if (bytesRead === 0) return offset;
      offset += bytesRead;
    }
    return stop;
  });
}

/**
 * Runs `transfer` over [0, length) in IO_CHUNK pieces, up to IN_FLIGHT at a
 * time, started in order of offset. `transfer(start, stop)` returns the
 * offset it reached: short of `stop` means the file ended there, and no
 * piece beyond is started. Returns the lowest such end (or `length`), so
 * every byte before it was transferred. Waits for every piece, failed or
 * not, before returning or rethrowing the first failure: the caller closes
 * the file afterwards.
 */
async function inChunks(length: number, transfer: (start: number, stop: number) => Promise<number>): Promise<number> {
  let end = length;
  let next = 0; // start of the next piece nobody has taken
  let failed = false;
  const worker = async () => {
    while (next < end && !failed) {
      const start = next;
      const stop = Math.min(start + IO_CHUNK, end);
      next = stop;
      const reached = await transfer(start, stop);
      if (reached < stop) end = Math.min(end, reached);
    }
  };
  const workers = Array.from({ length: Math.min(IN_FLIGHT, Math.ceil(length / IO_CHUNK)) }, () =>
    worker().catch((error: unknown) => {
      failed = true;
      throw error;
    }),
  );
  const results = await Promise.allSettled(workers);
  const failure = results.find((result): result is PromiseRejectedResult => result.status === "rejected");
  if (failure) throw failure.reason;
  return end;
}
