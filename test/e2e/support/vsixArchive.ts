/**
 * Reads single files out of a .vsix without unpacking it. A .vsix is a zip archive; this reads its
 * central directory and inflates one entry with node:zlib, which is all the local gallery needs
 * (the manifest and the README it serves next to the package itself).
 */
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;

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
    if (this.bytes.readUInt32LE(header) !== LOCAL_FILE_HEADER) throw new Error(`${this.path}: ${name} has no local file header`);
    const dataStart = header + 30 + this.bytes.readUInt16LE(header + 26) + this.bytes.readUInt16LE(header + 28);
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
    // The end record is the last 22 bytes, unless an archive comment (at most 64 KiB) follows it.
    const lowest = Math.max(0, this.bytes.length - 22 - 0xffff);
    let end = -1;
    for (let at = this.bytes.length - 22; at >= lowest; at--) {
      if (this.bytes.readUInt32LE(at) === END_OF_CENTRAL_DIRECTORY) {
        end = at;
        break;
      }
    }
    if (end < 0) throw new Error(`${this.path} is not a zip archive (no end of central directory)`);
    const count = this.bytes.readUInt16LE(end + 10);
    let at = this.bytes.readUInt32LE(end + 16);
    for (let i = 0; i < count; i++) {
      if (this.bytes.readUInt32LE(at) !== CENTRAL_DIRECTORY_ENTRY) throw new Error(`${this.path}: central directory entry ${i} is damaged`);
      const nameLength = this.bytes.readUInt16LE(at + 28);
      const extraLength = this.bytes.readUInt16LE(at + 30);
      const commentLength = this.bytes.readUInt16LE(at + 32);
      const name = this.bytes.toString('utf8', at + 46, at + 46 + nameLength);
      this.entries.set(name, {
        method: this.bytes.readUInt16LE(at + 10),
        compressedSize: this.bytes.readUInt32LE(at + 20),
        localHeaderOffset: this.bytes.readUInt32LE(at + 42),
      });
      at += 46 + nameLength + extraLength + commentLength;
    }
  }
}
