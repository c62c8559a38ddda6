import type { Visualization } from "@koan/contracts";
import type { Materializer } from "./materializer.js";

const PNG = [0x89, 0x50, 0x4e, 0x47];
const JPEG = [0xff, 0xd8, 0xff];

/** Buffers and plain Uint8Arrays, stored as raw bytes; each loads back as its own type. */
export const bytesMaterializer: Materializer<Buffer | Uint8Array> = {
  id: "koan.bytes",
  canHandle: (value): value is Buffer | Uint8Array =>
    Buffer.isBuffer(value) || (value instanceof Uint8Array && value.constructor === Uint8Array),
  dataType: (value) => (Buffer.isBuffer(value) ? "Buffer" : "Uint8Array"),
  async save(value, writer) {
    await writer.write("data.bin", value);
    return { kind: Buffer.isBuffer(value) ? "Buffer" : "Uint8Array", length: value.byteLength };
  },
  async load(reader) {
    const bytes = await reader.read("data.bin");
    // A view of bytes that own their whole ArrayBuffer is safe to hand out as is;
    // copying a large artifact again costs as much as reading it.
    const ownsBuffer = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
    if (reader.metadata.kind === "Buffer") return Buffer.isBuffer(bytes) && ownsBuffer ? bytes : Buffer.from(bytes);
    // Otherwise a copy of its own: a view into a Buffer may sit inside Node's shared pool,
    // so `.buffer` would expose unrelated bytes and break `new Float32Array(u8.buffer)`.
    return ownsBuffer ? new Uint8Array(bytes.buffer, 0, bytes.byteLength) : new Uint8Array(bytes);
  },
  visualize(value) {
    const image = startsWith(value, PNG) ? "image/png" : startsWith(value, JPEG) ? "image/jpeg" : undefined;
    const out: Visualization[] = [];
    if (image) out.push({ type: "image", name: "image", content: value, mimeType: image });
    return out;
  },
};

function startsWith(value: Uint8Array, magic: number[]): boolean {
  return magic.every((byte, i) => value[i] === byte);
}
