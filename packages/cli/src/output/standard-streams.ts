import { fstatSync, writeSync } from "node:fs";
import { createRequire } from "node:module";

/*
 * koan's stdout and stderr, written to the file descriptors directly.
 * Creating Node's `process.stdout` (a net.Socket on a pipe, a tty.WriteStream
 * on a terminal) loads Node's networking modules: 3 to 4 ms of every command
 * on the development VM, a third of what `koan --help` adds to Node's own
 * start. Once anything creates Node's stream for a descriptor (a library's
 * console.log, say), koan writes through that stream too, so that output
 * keeps its order.
 */

type Name = "stdout" | "stderr";

/** What a StandardStream needs from Node; tests give their own. */
export interface StreamSystem {
  writeSync(fd: number, bytes: Uint8Array, offset: number): number;
  /** Node's stream for the descriptor, created on first use. */
  nodeStream(name: Name): { write(chunk: Uint8Array | string): unknown };
  isTerminal(fd: number): boolean;
  /** `koan run list | head`: the reader stopped early, which is not an error. */
  readerGone(): never;
}

export class StandardStream {
  #throughNode = false;
  #terminal: boolean | undefined;

  constructor(
    private readonly fd: 1 | 2,
    private readonly name: Name,
    private readonly system: StreamSystem,
  ) {}

  /** From now on, writes go through Node's stream (it exists, or a direct write could not finish). */
  useNodeStream(): void {
    this.#throughNode = true;
  }

  write(text: string): void {
    if (this.#throughNode) {
      this.system.nodeStream(this.name).write(text);
      return;
    }
    const bytes = Buffer.from(text, "utf8");
    let offset = 0;
    while (offset < bytes.length) {
      try {
        offset += this.system.writeSync(this.fd, bytes, offset);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "EPIPE") this.system.readerGone();
        // A descriptor another process left non-blocking, and full: Node's stream waits for it to drain.
        if (code !== "EAGAIN") throw error;
        this.useNodeStream();
        this.system.nodeStream(this.name).write(bytes.subarray(offset));
        return;
      }
    }
  }

  /** Whether a person reads it (colour, progress); a pipe or a file is not a terminal. */
  get isTTY(): boolean {
    this.#terminal ??= this.system.isTerminal(this.fd);
    return this.#terminal;
  }
}

const requireBuiltin = createRequire(import.meta.url);

function readerGone(): never {
  process.exit(process.exitCode ?? 0);
}

/**
 * A terminal is a character device, which pipes and files are not: only then
 * is node:tty (and with it node:net) loaded, to tell a terminal from, say,
 * /dev/null.
 */
function isTerminal(fd: number): boolean {
  try {
    if (!fstatSync(fd).isCharacterDevice()) return false;
  } catch {
    return false;
  }
  return (requireBuiltin("node:tty") as typeof import("node:tty")).isatty(fd);
}

const nodeSystem: StreamSystem = {
  writeSync: (fd, bytes, offset) => writeSync(fd, bytes, offset),
  nodeStream: (name) => process[name],
  isTerminal,
  readerGone,
};

/**
 * Calls `created` when anything first asks for `process[name]`, before that
 * code gets the stream. Node defines the property as a getter that makes the
 * stream once; it is put back as it was on that first call.
 */
function onNodeStream(name: Name, created: (stream: NodeJS.WriteStream) => void): void {
  const node = Object.getOwnPropertyDescriptor(process, name);
  if (!node?.get || !node.configurable) {
    created(process[name]);
    return;
  }
  Object.defineProperty(process, name, {
    configurable: true,
    enumerable: node.enumerable ?? true,
    get() {
      Object.defineProperty(process, name, node);
      const stream = (node.get as () => NodeJS.WriteStream).call(process);
      created(stream);
      return stream;
    },
  });
}

function standardStream(fd: 1 | 2, name: Name): StandardStream {
  const stream = new StandardStream(fd, name, nodeSystem);
  onNodeStream(name, (nodeStream) => {
    stream.useNodeStream();
    nodeStream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE") readerGone();
      throw error;
    });
  });
  return stream;
}

export const stdout = standardStream(1, "stdout");
export const stderr = standardStream(2, "stderr");
