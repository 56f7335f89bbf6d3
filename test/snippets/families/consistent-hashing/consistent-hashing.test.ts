/**
 * consistent-hashing: load spreads evenly over virtual nodes, adding or removing a node moves only
 * the keys it takes or gives up (about 1/N), placement does not depend on the order nodes were
 * added, and the TypeScript and Java rings place every key on the same node.
 */
import { strict as assert } from 'assert';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { proves, runJavaProof } from '../../harness';
import { importSnippet, WORK_DIR } from '../../library';

interface Ring {
  add(node: string): void;
  remove(node: string): void;
  nodeFor(key: string): string;
}
interface HashRingModule {
  HashRing: new (nodes?: readonly string[], virtualNodes?: number) => Ring;
}

const hash32 = (value: string): number => createHash('md5').update(value).digest().readUInt32BE(0);

/**
 * Two node names with a virtual point each at the same 32-bit hash (found by a birthday search over
 * 150 points per name), and a key that lands on that point in a ring of just those two nodes.
 */
function collision(): { nodes: [string, string]; key: string; point: number } {
  const seen = new Map<number, string>();
  for (let n = 0; ; n++) {
    for (let i = 0; i < 150; i++) {
      const h = hash32(`node-${n}#${i}`);
      const other = seen.get(h);
      if (other !== undefined && other !== `node-${n}`) {
        const nodes: [string, string] = [other, `node-${n}`];
        const points = nodes.flatMap((node) => Array.from({ length: 150 }, (_, j) => hash32(`${node}#${j}`))).sort((x, y) => x - y);
        const before = points.filter((p) => p < h).at(-1) ?? -1;
        for (let k = 0; ; k++) {
          const kh = hash32(`key-${k}`);
          if (kh > before && kh <= h) return { nodes, key: `key-${k}`, point: h };
        }
      }
      seen.set(h, `node-${n}`);
    }
  }
}

const NODES = Array.from({ length: 10 }, (_, i) => `shard-${i}`);
const KEYS = Array.from({ length: 50_000 }, (_, i) => `user:${i}`);

describe('consistent-hashing', function () {
  this.timeout(300_000);

  it('typescript: 10 nodes get 10% of 50,000 keys each within 25%; a new node takes only its own ~1/11; a removed node gives up only its own keys', () => {
    const { HashRing } = importSnippet<HashRingModule>('consistent-hashing');
    const ring = new HashRing(NODES);
    const before = new Map(KEYS.map((k) => [k, ring.nodeFor(k)]));
    const counts = new Map<string, number>();
    for (const node of before.values()) counts.set(node, (counts.get(node) ?? 0) + 1);
    assert.equal(counts.size, 10);
    for (const [node, n] of counts) assert.ok(Math.abs(n / KEYS.length - 0.1) < 0.025, `${node} owns ${n} keys`);

    ring.add('shard-10');
    let moved = 0;
    for (const k of KEYS) {
      const now = ring.nodeFor(k);
      if (now !== before.get(k)) {
        moved++;
        assert.equal(now, 'shard-10', `${k} moved between two old nodes`);
      }
    }
    assert.ok(moved / KEYS.length > 0.06 && moved / KEYS.length < 0.13, `${moved} keys moved to the new node`);

    ring.remove('shard-10');
    ring.remove('shard-3');
    for (const k of KEYS) {
      const was = before.get(k)!;
      if (was !== 'shard-3') assert.equal(ring.nodeFor(k), was, `${k} moved although its node stayed`);
      else assert.notEqual(ring.nodeFor(k), 'shard-3');
    }
    proves('consistent-hashing', 'typescript');
  });

  it('typescript: placement does not depend on the order nodes were added, even for a key on two colliding points', () => {
    const { HashRing } = importSnippet<HashRingModule>('consistent-hashing');
    const a = new HashRing(NODES);
    const b = new HashRing([...NODES].reverse());
    b.add('shard-4');
    for (const k of KEYS.slice(0, 20_000)) assert.equal(b.nodeFor(k), a.nodeFor(k));

    const { nodes, key, point } = collision();
    const ab = new HashRing(nodes);
    const ba = new HashRing([...nodes].reverse());
    assert.equal(ba.nodeFor(key), ab.nodeFor(key), `${key} sits on a point both ${nodes} hash to`);
    assert.equal(ab.nodeFor(key), [...nodes].sort()[0], 'the smaller node name wins a collision');
    const [winner, loser] = [...nodes].sort() as [string, string];
    const twelve = new HashRing([...NODES, ...nodes]);
    assert.equal(twelve.nodeFor(key), winner, 'among ten more nodes too');
    twelve.remove(winner);
    assert.equal(twelve.nodeFor(key), loser, 'the winner gone, the shared point goes back to the loser');
    // The check above can fail: without the loser's point the key would go to another node.
    const kept = [...NODES, loser]
      .flatMap((n) => Array.from({ length: 150 }, (_, j) => ({ h: hash32(`${n}#${j}`), n })))
      .filter((p) => p.n !== loser || p.h !== point)
      .sort((a, b) => a.h - b.h);
    const next = kept.find((p) => p.h >= hash32(key)) ?? kept[0]!;
    assert.notEqual(next.n, loser, 'precondition: a ring that lost the shared point sends the key elsewhere');
    proves('consistent-hashing', 'typescript');
  });

  it('typescript: virtualNodes must be an integer of at least 1, as the Java variant\'s int (a fraction or 0 is refused, not placed differently from Java or left as an empty ring)', () => {
    const { HashRing } = importSnippet<HashRingModule>('consistent-hashing');
    for (const bad of [0, -1, 1.5, 150 * 0.75, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.throws(() => new HashRing(['shard-0', 'shard-1'], bad), RangeError, `virtualNodes ${bad}`);
    }
    assert.equal(new HashRing(['shard-0'], 1).nodeFor('k'), 'shard-0');
    proves('consistent-hashing', 'typescript');
  });

  it('typescript: a key or node name holding a lone surrogate (a string cut inside an emoji) is refused: it has no UTF-8 form, Node hashes it as U+FFFD and Java as \'?\', so the two variants would place it on different nodes; a refused node leaves the ring as it was', () => {
    const { HashRing } = importSnippet<HashRingModule>('consistent-hashing');
    const ring = new HashRing(NODES);
    const before = KEYS.slice(0, 2_000).map((k) => ring.nodeFor(k));
    for (const bad of ['user-\uD83D', 'x\uDC00y', '\uDE00\uD83D']) {
      assert.throws(() => ring.nodeFor(bad), TypeError, `key ${JSON.stringify(bad)}`);
      assert.throws(() => ring.add(bad), TypeError, `node ${JSON.stringify(bad)}`);
      assert.throws(() => ring.add(bad), TypeError, `node ${JSON.stringify(bad)}, added again`);
      assert.throws(() => new HashRing([bad]), TypeError, `initial node ${JSON.stringify(bad)}`);
    }
    assert.deepEqual(KEYS.slice(0, 2_000).map((k) => ring.nodeFor(k)), before, 'the refused nodes placed no points');
    assert.equal(new HashRing(['shard-\u{1F600}']).nodeFor('user-\u{1F600}'), 'shard-\u{1F600}', 'a whole emoji (a surrogate pair) is fine');
    proves('consistent-hashing', 'typescript');
  });

  it('java: even spread, minimal movement on add and remove, and the same node as TypeScript for 20,000 keys, with the default and with 40 virtual nodes, keys beyond ASCII too; a lone surrogate is refused', async () => {
    const { HashRing } = importSnippet<HashRingModule>('consistent-hashing');
    const ring = new HashRing(NODES);
    const file = path.join(WORK_DIR, 'consistent-hashing-placements.tsv');
    fs.mkdirSync(WORK_DIR, { recursive: true });
    fs.writeFileSync(file, KEYS.slice(0, 20_000).map((k) => `${k}\t${ring.nodeFor(k)}\n`).join(''));
    const { nodes, key } = collision();
    const colliding = path.join(WORK_DIR, 'consistent-hashing-collision.tsv');
    fs.writeFileSync(colliding, `${nodes[0]}\t${nodes[1]}\t${key}\t${new HashRing(nodes).nodeFor(key)}\n`);
    const few = path.join(WORK_DIR, 'consistent-hashing-placements-40.tsv');
    const ring40 = new HashRing(NODES, 40);
    fs.writeFileSync(few, KEYS.slice(0, 5_000).map((k) => `${k}\t${ring40.nodeFor(k)}\n`).join(''));
    // Keys beyond ASCII (2-, 3- and 4-byte UTF-8): Java must hash the same bytes.
    const wide = path.join(WORK_DIR, 'consistent-hashing-placements-wide.tsv');
    const wideKeys = Array.from({ length: 2_000 }, (_, i) => `ключ-日本-\u{1F600}-${i}`);
    fs.writeFileSync(wide, wideKeys.map((k) => `${k}\t${ring.nodeFor(k)}\n`).join(''));
    await runJavaProof({ snippet: 'consistent-hashing', programs: ['RingProof.java'], args: [file, colliding, few, wide] });
  });
});
