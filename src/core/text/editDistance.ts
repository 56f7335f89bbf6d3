/**
 * Levenshtein distance: how many single-character insertions, deletions and substitutions turn
 * `a` into `b` (UTF-16 code units). Shared by the catalog's "did you mean" for a broken link, the
 * CLI's nearest ids, and the review's check of the ids a writer names in a comment.
 */
export function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}
