/**
 * A read-only ZIP archive reader (PKWARE APPNOTE 6.3.10: end-of-central-directory record §4.3.16,
 * central directory §4.3.12, local file header §4.3.7, Zip64 §4.3.14–4.3.15 and extra field
 * §4.5.3), the container of NumPy's .npz and of PyTorch's .pt files. Entries are stored (method 0)
 * or deflated (method 8, inflated with the platform's DecompressionStream); each entry's CRC-32 is
 * verified. The archive is read through a random-access source, so only the directory and the
 * entry asked for are held in memory, never the whole file.
 *
 * Written here because no maintained npm ZIP reader reads lazily from a Deno file handle without
 * Node stream shims, and the subset these formats need is small. Every error names the file.
 */

/** Random access to the bytes of an archive. */
export interface ByteSource {
  /** total size in bytes */
  size: number;
  /** `length` bytes from `offset` (fewer only past the end) */
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** A source over bytes already in memory. */
export function bytesSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read: (offset, length) => Promise.resolve(bytes.subarray(offset, offset + length)),
  };
}

/** A source over an open file (the caller closes it). */
export async function fileSource(file: Deno.FsFile): Promise<ByteSource> {
  const size = (await file.stat()).size;
  return {
    size,
    async read(offset, length) {
      const out = new Uint8Array(Math.max(0, Math.min(length, size - offset)));
      await file.seek(offset, Deno.SeekMode.Start);
      let filled = 0;
      while (filled < out.length) {
        const n = await file.read(out.subarray(filled));
        if (n === null) break;
        filled += n;
      }
      return out.subarray(0, filled);
    },
  };
}

/** One entry of the central directory. */
export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated */
  method: number;
  compressedSize: number;
  size: number;
  crc32: number;
  /** offset of the entry's local header */
  headerOffset: number;
}

const EOCD = 0x06054b50;
const EOCD64 = 0x06064b50;
const EOCD64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (ISO 3309, the polynomial ZIP uses). */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const u64 = (view: DataView, at: number) => {
  const value = view.getUint32(at, true) + view.getUint32(at + 4, true) * 2 ** 32;
  return value;
};

/** An open archive: its entries, and their contents on request. */
export class ZipArchive {
  private constructor(
    readonly source: string,
    private readonly bytes: ByteSource,
    readonly entries: ZipEntry[],
  ) {}

  /** Reads the central directory of `bytes`; `source` (the file name) prefixes every error. */
  static async open(bytes: ByteSource, source: string): Promise<ZipArchive> {
    const fail = (problem: string): never => {
      throw new Error(`${source}: ${problem}`);
    };
    if (bytes.size < 22) fail("not a zip archive (shorter than its end record)");
    // the end record is the last 22 bytes plus a comment of at most 65535 bytes
    const tailLength = Math.min(bytes.size, 22 + 65535);
    const tail = await bytes.read(bytes.size - tailLength, tailLength);
    const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
    let end = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
      if (view.getUint32(i, true) === EOCD) {
        end = i;
        break;
      }
    }
    if (end < 0) fail("not a zip archive (no end-of-central-directory record; truncated?)");
    let count = view.getUint16(end + 10, true);
    let directorySize = view.getUint32(end + 12, true);
    let directoryOffset = view.getUint32(end + 16, true);
    if (count === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
      // Zip64: the locator sits just before the end record and points at the Zip64 end record
      const at = end - 20;
      if (at < 0 || view.getUint32(at, true) !== EOCD64_LOCATOR) fail("Zip64 locator missing");
      const recordOffset = u64(view, at + 8);
      const record = await bytes.read(recordOffset, 56);
      const r = new DataView(record.buffer, record.byteOffset, record.byteLength);
      if (record.length < 56 || r.getUint32(0, true) !== EOCD64) fail("Zip64 end record missing");
      count = u64(r, 32);
      directorySize = u64(r, 40);
      directoryOffset = u64(r, 48);
    }
    if (directoryOffset + directorySize > bytes.size) {
      fail("the central directory lies beyond the end of the file (truncated?)");
    }
    const directory = await bytes.read(directoryOffset, directorySize);
    const d = new DataView(directory.buffer, directory.byteOffset, directory.byteLength);
    const entries: ZipEntry[] = [];
    let p = 0;
    for (let k = 0; k < count; k++) {
      if (p + 46 > directory.length || d.getUint32(p, true) !== CENTRAL) {
        fail(`central directory entry ${k} is damaged`);
      }
      const nameLength = d.getUint16(p + 28, true);
      const extraLength = d.getUint16(p + 30, true);
      const commentLength = d.getUint16(p + 32, true);
      if (p + 46 + nameLength + extraLength + commentLength > directory.length) {
        fail(`central directory entry ${k} runs past the directory`);
      }
      const name = new TextDecoder().decode(directory.subarray(p + 46, p + 46 + nameLength));
      let compressedSize = d.getUint32(p + 20, true);
      let size = d.getUint32(p + 24, true);
      let headerOffset = d.getUint32(p + 42, true);
      // Zip64 extended information: the 0xFFFFFFFF fields, in this order
      let e = p + 46 + nameLength;
      const extraEnd = e + extraLength;
      while (e + 4 <= extraEnd) {
        const id = d.getUint16(e, true), length = d.getUint16(e + 2, true);
        if (e + 4 + length > extraEnd) fail(`entry ${name}: an extra field runs past its entry`);
        if (id === 0x0001) {
          let q = e + 4;
          const next = () => {
            if (q + 8 > e + 4 + length) fail(`entry ${name}: short Zip64 extra field`);
            const v = u64(d, q);
            q += 8;
            return v;
          };
          if (size === 0xffffffff) size = next();
          if (compressedSize === 0xffffffff) compressedSize = next();
          if (headerOffset === 0xffffffff) headerOffset = next();
        }
        e += 4 + length;
      }
      entries.push({
        name,
        method: d.getUint16(p + 10, true),
        compressedSize,
        size,
        crc32: d.getUint32(p + 16, true),
        headerOffset,
      });
      p += 46 + nameLength + extraLength + commentLength;
    }
    return new ZipArchive(source, bytes, entries);
  }

  /** The entry called `name`, or undefined. */
  entry(name: string): ZipEntry | undefined {
    return this.entries.find((e) => e.name === name);
  }

  /** The uncompressed bytes of `entry`, checked against its size and CRC-32. */
  async read(entry: ZipEntry): Promise<Uint8Array> {
    const fail = (problem: string): never => {
      throw new Error(`${this.source}: entry ${entry.name}: ${problem}`);
    };
    const header = await this.bytes.read(entry.headerOffset, 30);
    const h = new DataView(header.buffer, header.byteOffset, header.byteLength);
    if (header.length < 30 || h.getUint32(0, true) !== LOCAL) fail("local header missing");
    const start = entry.headerOffset + 30 + h.getUint16(26, true) + h.getUint16(28, true);
    if (start + entry.compressedSize > this.bytes.size) fail("data runs past the end of the file");
    const stored = await this.bytes.read(start, entry.compressedSize);
    let data: Uint8Array;
    if (entry.method === 0) data = stored;
    else if (entry.method === 8) {
      try {
        const stream = new Blob([stored.slice()]).stream().pipeThrough(
          new DecompressionStream("deflate-raw"),
        );
        data = new Uint8Array(await new Response(stream).arrayBuffer());
      } catch (error) {
        return fail(`cannot inflate (${(error as Error).message})`);
      }
    } else return fail(`compression method ${entry.method} is not supported (only 0 and 8)`);
    if (data.length !== entry.size) fail(`${data.length} bytes, the directory says ${entry.size}`);
    if (crc32(data) !== entry.crc32) fail("CRC-32 mismatch (the file is damaged)");
    return data;
  }
}
