/** optimistic-locking: concurrent writers lose no update, in every language the snippet ships in. */
import { freshDatabase, proofEnv, runGoProof, runJavaProof, runPythonProof } from '../../harness';
import { sqlOf } from '../../library';

describe('optimistic-locking', function () {
  this.timeout(600_000);

  async function database(name: string) {
    const db = await freshDatabase(name);
    await db.exec(sqlOf('optimistic-locking'));
    return proofEnv({ db });
  }

  it('python: 8 threads x 25 increments lose no update; an always-overtaken writer gives up', async () => {
    await runPythonProof({ snippet: 'optimistic-locking', programs: ['proof.py'], env: await database('optimistic_py') });
  });

  it('go: 10 goroutines x 20 increments lose no update; an always-overtaken writer gives up', async () => {
    await runGoProof({ snippet: 'optimistic-locking', programs: ['proof_test.go'], env: await database('optimistic_go') });
  });

  it('java: 8 threads x 25 increments lose no update; an always-overtaken writer gives up', async () => {
    await runJavaProof({ snippet: 'optimistic-locking', programs: ['OptimisticProof.java'], env: await database('optimistic_java') });
  });
});
