/**
 * The file `npm run train` (eval/train.ts) writes besides the generated weights: what each corpus
 * train document's held-out fold model suggests, for eval/agreement.ts --split train (the shipped
 * engine was fitted to those documents, so it would flatter itself there). Not committed. It records
 * the SHA-1 of the weights written in the same run, so a file left from another training is refused
 * rather than read.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const CV_SUGGESTIONS_OUT = join(__dirname, '..', '.sdp-tmp', 'cv-suggestions.json');
export const WEIGHTS_FILE = join(__dirname, '..', 'content', 'suggest', 'weights.generated.json');

const sha1 = (text: string): string => createHash('sha1').update(text).digest('hex');

interface HeldOutFile { readonly about: string; readonly weightsSha1: string; readonly suggestions: Record<string, string[]> }

export function writeHeldOutSuggestions(suggestions: Record<string, string[]>, weightsText: string, file = CV_SUGGESTIONS_OUT): void {
  mkdirSync(dirname(file), { recursive: true });
  const out: HeldOutFile = {
    about: 'Written by npm run train: for each corpus train document, what the scorer refitted without its repository fold suggests (its cross-validation). Not committed.',
    weightsSha1: sha1(weightsText), suggestions,
  };
  writeFileSync(file, `${JSON.stringify(out)}\n`);
}

/** The held-out suggestions of `ids`; throws when the file is missing, was written with other weights, or lacks one of them. */
export function readHeldOutSuggestions(ids: readonly string[], file = CV_SUGGESTIONS_OUT, weightsFile = WEIGHTS_FILE): Map<string, readonly string[]> {
  if (!existsSync(file)) throw new Error(`no cross-validated suggestions at ${file}: run npm run train first`);
  const held = JSON.parse(readFileSync(file, 'utf8')) as HeldOutFile;
  if (held.weightsSha1 !== sha1(readFileSync(weightsFile, 'utf8'))) throw new Error(`${file} was written with other weights than ${weightsFile}: run npm run train again`);
  const missing = ids.filter((id) => !Array.isArray(held.suggestions[id]));
  if (missing.length > 0) throw new Error(`${file} has no cross-validated suggestion for ${missing.length} document(s), first ${missing[0]}: run npm run train on the same materialised corpus`);
  return new Map(ids.map((id) => [id, held.suggestions[id]!]));
}
