/**
 * The corpus's rules as data checks (eval/corpus): the repositories kept for the independent blind
 * check are never used, each repository sits in exactly one split, the splits stay frozen, every
 * label is in the labelling vocabulary, and the rated samples hold no document of a held-out split (test, holdout). They need only the manifests, the splits and the
 * ratings, which are in the repository: no materialised corpus.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS_DIR, labelsFingerprint, readManifests, readSplits, secondLabelsFingerprint } from '../../../eval/corpus/manifest';
import { readSecondLabels } from '../../../eval/agreement';
import { assertInLabellingVocabulary, catalogPatterns } from '../support/labelVocabulary';
import { RATINGS_FILE, type Ratings } from '../../../eval/ratings';
import { WORD_RATINGS_FILE } from '../../../eval/wordRatings';

describe('eval/corpus: manifests, splits and the blind-check exclusions', () => {
  const manifests = readManifests();
  const splits = readSplits();
  const excluded = (JSON.parse(readFileSync(join(CORPUS_DIR, 'excluded.json'), 'utf8')) as { repositories: string[] }).repositories;
  const placed = (['train', 'dev', 'test', 'holdout'] as const).flatMap((s) => splits[s].map((repo) => ({ repo, split: s })));

  it('uses no repository kept for the independent blind check (names compared case-insensitively)', () => {
    assert.ok(excluded.length > 0);
    const kept = new Set(excluded.map((r) => r.toLowerCase()));
    for (const m of manifests) assert.ok(!kept.has(m.repo.toLowerCase()), `${m.repo} is kept for the blind check`);
    for (const p of placed) assert.ok(!kept.has(p.repo.toLowerCase()), `${p.repo} is in the ${p.split} split`);
  });

  it('puts every repository with a manifest in exactly one split, and names no split repository without one', () => {
    const withManifest = new Set(manifests.map((m) => m.repo));
    for (const m of manifests) {
      const where = placed.filter((p) => p.repo === m.repo).map((p) => p.split);
      assert.equal(where.length, 1, `${m.repo}: in ${where.length ? where.join(' and ') : 'no split'}`);
    }
    for (const p of placed) assert.ok(withManifest.has(p.repo), `${p.repo} (${p.split}) has no manifest`);
  });

  it('names each document of a repository once (two entries for one path would be materialised once and counted twice)', () => {
    for (const m of manifests) {
      const seen = new Set<string>();
      for (const d of m.docs) {
        assert.ok(!seen.has(d.path), `${m.repo}: ${d.path} is listed twice`);
        seen.add(d.path);
      }
    }
  });

  it('keeps the holdout split as it was first scored: the same repositories, documents, commits, labels and second labels (splits.json holdoutLabels)', () => {
    const frozen = splits.holdoutLabels;
    assert.ok(frozen, 'splits.json records no holdoutLabels');
    const mine = manifests.filter((m) => splits.holdout.includes(m.repo));
    assert.equal(mine.length, splits.holdout.length);
    const docs = mine.flatMap((m) => m.docs);
    assert.deepEqual(
      { documents: docs.length, design: docs.filter((d) => d.kind === 'design').length, none: docs.filter((d) => d.kind === 'none').length },
      { documents: frozen.documents, design: frozen.design, none: frozen.none },
    );
    assert.equal(labelsFingerprint(mine), frozen.sha256, 'a holdout label, document, commit or repository changed after the split was first scored');
    const second = readSecondLabels('holdout');
    assert.ok(second, 'eval/corpus/second-labels/holdout.json is missing');
    assert.equal(secondLabelsFingerprint(second.docs), frozen.secondSha256, 'a second label of the holdout split changed after the split was first scored');
    assert.match(frozen.textSha256, /^[0-9a-f]{64}$/);
  });

  it('labels every document in the vocabulary of eval/corpus/LABELLING.md: a design names one of the catalog\'s patterns as primary, in its relevant list; a none names no pattern', () => {
    assert.equal(catalogPatterns().size, 7);
    for (const m of manifests) for (const d of m.docs) assertInLabellingVocabulary(d, `${m.repo}: ${d.path}`);
  });

  it('sends a repository labelled after the splits were frozen to train, never to dev or test; only one placed in the holdout split by hand, on the day that split froze, stays there', () => {
    assert.match(splits.holdoutFrozenOn, /^\d{4}-\d{2}-\d{2}$/);
    for (const m of manifests) {
      const split = placed.find((p) => p.repo === m.repo)?.split;
      if (split === 'holdout') {
        assert.equal(m.labelledOn, splits.holdoutFrozenOn, `${m.repo} is in the holdout split but was labelled on ${m.labelledOn}, not on the day the split froze`);
        continue;
      }
      if (!m.labelledOn || m.labelledOn <= splits.frozenOn) continue;
      assert.equal(split, 'train', `${m.repo}, labelled on ${m.labelledOn} after the splits froze on ${splits.frozenOn}, is in ${split}`);
    }
  });

  it('rates no document of a held-out split, test or holdout (the rated samples are for the dev split, the fixtures and the train split)', () => {
    const ratings = JSON.parse(readFileSync(RATINGS_FILE, 'utf8')) as Ratings;
    const words = JSON.parse(readFileSync(WORD_RATINGS_FILE, 'utf8')) as { items: { doc: string }[] };
    const heldOut = [...splits.test.map((repo) => ['test', repo]), ...splits.holdout.map((repo) => ['holdout', repo])];
    const docs = new Set([...ratings.evidence.map((e) => e.doc), ...ratings.questions.map((q) => q.doc), ...words.items.map((s) => s.doc)]);
    assert.ok(words.items.length > 0);
    for (const doc of docs) {
      const hit = heldOut.find(([, repo]) => doc.startsWith(`${repo!.replace('/', '__')}__`));
      assert.ok(!hit, `${doc} is a ${hit?.[0]}-split document`);
    }
  });
});
