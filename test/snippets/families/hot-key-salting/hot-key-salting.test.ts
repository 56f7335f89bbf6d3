/**
 * hot-key-salting: on Redis Cluster, concurrent increments spread over sub-keys in different slots
 * add up exactly, and the total is read without a cross-slot command. The test cluster has one
 * master, so this shows different slots, not different nodes (slots map to nodes by the cluster's
 * slot table, which the snippet does not control).
 */
import { strict as assert } from 'assert';
import { randomUUID } from 'crypto';
import { createClient, createCluster } from 'redis';
import { proves } from '../../harness';
import { importSnippet } from '../../library';
import { clusterRedis } from '../../s2-servers';

type Cluster = ReturnType<typeof createCluster>;
interface SaltedCounterModule {
  SaltedCounter: new (redis: Cluster, salts?: number) => {
    increment(key: string, by?: number): Promise<void>;
    total(key: string): Promise<number>;
  };
}

describe('hot-key-salting', function () {
  this.timeout(120_000);

  it('typescript: a salt count that is not an integer >= 1 is refused (0 salts would count nothing)', async () => {
    const { SaltedCounter } = importSnippet<SaltedCounterModule>('hot-key-salting');
    const fake = {} as Cluster;
    for (const salts of [0, -1, 1.5, Number.NaN]) assert.throws(() => new SaltedCounter(fake, salts), /salts must be an integer/);
    assert.doesNotThrow(() => new SaltedCounter(fake, 1));
    proves('hot-key-salting', 'typescript');
  });

  it('typescript: on Redis Cluster, 2,000 concurrent increments land on 16 slots and total() reads them back exactly', async () => {
    const { SaltedCounter } = importSnippet<SaltedCounterModule>('hot-key-salting');
    const { url } = await clusterRedis();
    const cluster = createCluster({ rootNodes: [{ url }] });
    await cluster.connect();
    try {
      const counter = new SaltedCounter(cluster as unknown as ConstructorParameters<typeof SaltedCounter>[0]);
      const master = cluster.masters[0]!;
      const node = await cluster.nodeClient(master);
      const slotsOf = async (key: string): Promise<Set<number>> => {
        const slots = new Set<number>();
        for (let salt = 0; salt < 16; salt++) slots.add(Number(await node.sendCommand(['CLUSTER', 'KEYSLOT', `${key}#${salt}`])));
        return slots;
      };
      // About one random key in 1,200 has sub-keys that share slots (CRC16 collisions, always a
      // one-digit salt with a two-digit one, in linked pairs: 16 sub-keys then take 14 or 10 slots;
      // harmless in use, the total stays exact): draw a key whose 16 sub-keys take 16 slots, as the
      // server computes them, before writing.
      let key = `likes:post-${randomUUID()}`;
      for (let tries = 0; (await slotsOf(key)).size < 16 && tries < 20; tries++) key = `likes:post-${randomUUID()}`;
      await Promise.all(Array.from({ length: 2000 }, (_, i) => counter.increment(key, (i % 3) + 1)));
      const expected = Array.from({ length: 2000 }, (_, i) => (i % 3) + 1).reduce((a, b) => a + b, 0);
      assert.equal(await counter.total(key), expected, 'the salted total equals the sum of the increments');

      // The writes really are spread: every sub-key was written, and the snippet wrote no other key
      // under this counter's name; together they take 16 slots.
      let written = 0;
      for (let salt = 0; salt < 16; salt++) if ((await cluster.get(`${key}#${salt}`)) !== null) written++;
      const stored: string[] = [];
      for await (const keys of node.scanIterator({ MATCH: `${key}*`, COUNT: 1000 })) stored.push(...(Array.isArray(keys) ? keys : [keys]));
      assert.deepEqual(stored.sort(), Array.from({ length: 16 }, (_, salt) => `${key}#${salt}`).sort(), 'the snippet writes exactly the 16 salted sub-keys');
      const storedSlots = new Set<number>();
      for (const k of stored) storedSlots.add(Number(await node.sendCommand(['CLUSTER', 'KEYSLOT', k])));
      assert.equal(storedSlots.size, 16, 'the keys written hash to 16 slots');
      assert.equal(written, 16, 'random salts reached every sub-key');
      await assert.rejects(counter.increment('{post-1}:likes'), /hash tag/, 'a hash-tagged key would pin all salts to one slot');

      // A client that sends commands as they are (no per-slot splitting of multi-key commands, like
      // many cluster clients and proxies) must read the total too: no cross-slot command is used.
      const direct = createClient({ url });
      await direct.connect();
      try {
        assert.equal(await new SaltedCounter(direct as unknown as Cluster).total(key), expected);
      } finally {
        await direct.quit();
      }
    } finally {
      await cluster.quit();
    }
    proves('hot-key-salting', 'typescript');
  });
});
