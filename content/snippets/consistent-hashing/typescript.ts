import { createHash } from 'node:crypto';

/**
 * A consistent-hash ring. Each node is placed at `virtualNodes` pseudo-random points; a key belongs
 * to the first point clockwise from its hash. With one point per node the arcs are very uneven
 * (one node can own several times its share); with ~150 points the spread is within a few percent.
 * Adding a node takes over only the arcs its new points cut, about 1/N of the keys. Services that
 * share a ring (the Java variant included) must use the same node names and `virtualNodes`.
 */
export class ${1:HashRing} {
  private points: { hash: number; node: string }[] = [];
  private readonly nodes = new Set<string>();

  constructor(nodes: readonly string[] = [], private readonly virtualNodes = ${2:150}) {
    // As the Java variant's int parameter: a fraction (150 * weight) would place a different number
    // of points than Java does for the same value, so the services disagree on keys; 0 leaves an
    // empty ring behind nodes that look added.
    if (!Number.isSafeInteger(virtualNodes) || virtualNodes < 1) {
      throw new RangeError(`virtualNodes must be an integer >= 1, got \${virtualNodes}`);
    }
    for (const node of nodes) this.place(node);
    this.sortPoints();
  }

  add(node: string): void {
    this.place(node);
    this.sortPoints();
  }

  remove(node: string): void {
    if (this.nodes.delete(node)) this.points = this.points.filter((p) => p.node !== node);
  }

  private place(node: string): void {
    if (this.nodes.has(node)) return;
    wellFormed(node);
    this.nodes.add(node);
    for (let i = 0; i < this.virtualNodes; i++) this.points.push({ hash: hash32(`\${node}#\${i}`), node });
  }

  private sortPoints(): void {
    // Two points with one hash (rare, 32 bits): the smaller node name comes first and wins, as in
    // the Java variant, whatever order nodes were added in, so every process places keys alike.
    this.points.sort((a, b) => a.hash - b.hash || (a.node < b.node ? -1 : a.node > b.node ? 1 : 0));
  }

  /** The node owning `key`. */
  nodeFor(key: string): string {
    if (this.points.length === 0) throw new Error('hash ring is empty');
    const h = hash32(wellFormed(key));
    // Binary search for the first point at or after h; past the end wraps to the first point.
    let lo = 0;
    let hi = this.points.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.points[mid]!.hash < h) lo = mid + 1;
      else hi = mid;
    }
    return this.points[lo === this.points.length ? 0 : lo]!.node;
  }
}

/**
 * A lone surrogate (a string cut in the middle of an emoji) has no UTF-8 form: Node hashes it as
 * U+FFFD and Java as '?', so the two variants would send the key to different nodes. Refused.
 */
function wellFormed(value: string): string {
  if (/\p{Cs}/u.test(value)) throw new TypeError(`\${JSON.stringify(value)} holds a lone surrogate, which has no UTF-8 form`);
  return value;
}

/** First 4 bytes of MD5: not for security, just a well-mixed, stable hash across languages. */
function hash32(value: string): number {
  return createHash('md5').update(value).digest().readUInt32BE(0);
}
$0
