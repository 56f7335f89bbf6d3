/**
 * Reads single files out of a .vsix without unpacking it. A .vsix is a zip archive; this reads its
 * central directory and inflates one entry with node:zlib, which is all the local gallery needs
 * (the manifest and the README it serves next to the package itself). Every offset read from the
 * archive is checked against its length: a short, truncated or damaged file is a
 * NotAZipArchiveError naming the file and what is wrong. ZIP64 archives (over 4 GiB or 65,535
 * entries; a .vsix never is) are not supported and say so.
 */
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const END_RECORD_SIZE = 22;
const CENTRAL_ENTRY_SIZE = 46;
const LOCAL_HEADER_SIZE = 30;
const CENTRAL_DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;

/** The file is not a zip archive this reader can read; the message says why. */
export class NotAZipArchiveError extends Error {
  constructor(path: string, reason: string) {
    super(`${path} is not a zip archive (${reason})`);
    this.name = 'NotAZipArchiveError';
  }
}

interface Entry {
  method: number;
  compressedSize: number;
  localHeaderOffset: number;
}

export class VsixArchive {
  private readonly entries = new Map<string, Entry>();
  private readonly bytes: Buffer;

  constructor(readonly path: string) {
    this.bytes = readFileSync(path);
    this.readCentralDirectory();
  }

  /** The whole .vsix, as it was read. */
  whole(): Buffer {
    return this.bytes;
  }

  /** The names of the files in the archive, for example `extension/package.json`. */
  names(): string[] {
    return [...this.entries.keys()];
  }

  /** The file's content, or undefined when the archive has no such file. */
  read(name: string): Buffer | undefined {
    const entry = this.entries.get(name);
    if (!entry) return undefined;
    const header = entry.localHeaderOffset;
    if (header + LOCAL_HEADER_SIZE > this.bytes.length || this.bytes.readUInt32LE(header) !== LOCAL_FILE_HEADER) {
      throw new NotAZipArchiveError(this.path, `${name} has no local file header at byte ${header}`);
    }
    const dataStart = header + LOCAL_HEADER_SIZE + this.bytes.readUInt16LE(header + 26) + this.bytes.readUInt16LE(header + 28);
    if (dataStart + entry.compressedSize > this.bytes.length) throw new NotAZipArchiveError(this.path, `${name} is cut short`);
    const data = this.bytes.subarray(dataStart, dataStart + entry.compressedSize);
    if (entry.method === STORED) return Buffer.from(data);
    if (entry.method === DEFLATED) return inflateRawSync(data);
    throw new Error(`${this.path}: ${name} uses zip method ${entry.method}, which this reader does not support`);
  }

  /** A file the archive must have, as text. */
  readText(name: string): string {
    const content = this.read(name);
    if (!content) throw new Error(`${this.path} has no ${name}`);
    return content.toString('utf8');
  }

  private readCentralDirectory(): void {
    const fail = (reason: string): never => {
      throw new NotAZipArchiveError(this.path, reason);
    };
    if (this.bytes.length < END_RECORD_SIZE) fail(`${this.bytes.length} bytes, shorter than a zip's end record`);
    // The end record is the last 22 bytes, unless an archive comment (at most 64 KiB) follows it.
    const lowest = Math.max(0, this.bytes.length - END_RECORD_SIZE - 0xffff);
    let end = -1;
    for (let at = this.bytes.length - END_RECORD_SIZE; at >= lowest; at--) {
      if (this.bytes.readUInt32LE(at) === END_OF_CENTRAL_DIRECTORY) {
        end = at;
        break;
      }
    }
    if (end < 0) fail('no end of central directory');
    const count = this.bytes.readUInt16LE(end + 10);
    const size = this.bytes.readUInt32LE(end + 12);
    let at = this.bytes.readUInt32LE(end + 16);
    if (count === 0xffff || size === 0xffffffff || at === 0xffffffff) fail('ZIP64, which this reader does not support');
    if (at + size > end) fail(`its central directory (${size} bytes at ${at}) does not fit before the end record at ${end}`);
    for (let i = 0; i < count; i++) {
      if (at + CENTRAL_ENTRY_SIZE > end) fail(`the central directory is cut short at entry ${i} of ${count}`);
      if (this.bytes.readUInt32LE(at) !== CENTRAL_DIRECTORY_ENTRY) fail(`central directory entry ${i} is damaged`);
      const nameLength = this.bytes.readUInt16LE(at + 28);
      const extraLength = this.bytes.readUInt16LE(at + 30);
      const commentLength = this.bytes.readUInt16LE(at + 32);
      const next = at + CENTRAL_ENTRY_SIZE + nameLength + extraLength + commentLength;
      if (next > end) fail(`the central directory is cut short in entry ${i} of ${count}`);
      const name = this.bytes.toString('utf8', at + CENTRAL_ENTRY_SIZE, at + CENTRAL_ENTRY_SIZE + nameLength);
      const compressedSize = this.bytes.readUInt32LE(at + 20);
      const localHeaderOffset = this.bytes.readUInt32LE(at + 42);
      if (compressedSize === 0xffffffff || localHeaderOffset === 0xffffffff) fail(`${name} is a ZIP64 entry, which this reader does not support`);
      this.entries.set(name, { method: this.bytes.readUInt16LE(at + 10), compressedSize, localHeaderOffset });
      at = next;
    }
  }
}
