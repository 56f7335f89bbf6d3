/** A FallbackLog (src/extension/suggest/offThreadAnalysis.ts) that records what it writes, for unit tests. */
import { FallbackLog } from '../../../src/extension/suggest/offThreadAnalysis';

export function recordingLog(): { log: FallbackLog; lines: string[]; debugLines: string[] } {
  const lines: string[] = [];
  const debugLines: string[] = [];
  return { lines, debugLines, log: new FallbackLog({ warn: (message) => void lines.push(message), debug: (message) => void debugLines.push(message) }) };
}
