/**
 * The bytes of a file or of standard input as text, as an editor opens them: UTF-16 when a UTF-16
 * byte order mark says so (FF FE little-endian, FE FF big-endian), otherwise UTF-8. The mark itself
 * stays at the start (U+FEFF), for the reader to drop as it drops a UTF-8 one. Without a mark the
 * bytes are read as UTF-8, so UTF-16 text without one is NUL-laden and taken for binary data.
 */
export function decodeText(bytes: Uint8Array): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return utf16(bytes, true);
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return utf16(bytes, false);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8');
}

/** UTF-16 code units in the given byte order; an odd last byte (a cut file) reads as U+FFFD, as a decoder marks bytes it cannot read. */
function utf16(bytes: Uint8Array, littleEndian: boolean): string {
  const even = bytes.length - (bytes.length % 2);
  const swapped = Buffer.alloc(even);
  for (let i = 0; i < even; i += 2) {
    swapped[i] = littleEndian ? bytes[i]! : bytes[i + 1]!;
    swapped[i + 1] = littleEndian ? bytes[i + 1]! : bytes[i]!;
  }
  return swapped.toString('utf16le') + (even < bytes.length ? '\ufffd' : '');
}
