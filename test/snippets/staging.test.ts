/** Two proof runs at once on one working tree must not stage into (or wipe) each other's files. */
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT, RUNS_DIR, WORK_DIR } from './library';

function workDirOfAnotherProcess(): string {
  const output = execFileSync(
    process.execPath,
    ['-r', 'tsx/cjs', '-e', "process.stdout.write(require('./test/snippets/library.ts').WORK_DIR)"],
    { cwd: REPO_ROOT, encoding: 'utf8' },
  );
  return output.trim();
}

describe('snippet proof staging', () => {
  it('gives every process its own staging directory and leaves a running process its files', () => {
    const marker = path.join(WORK_DIR, 'staging-marker');
    fs.writeFileSync(marker, 'mine');
    const first = workDirOfAnotherProcess();
    const second = workDirOfAnotherProcess();
    assert.notEqual(first, WORK_DIR);
    assert.notEqual(second, WORK_DIR);
    assert.notEqual(first, second);
    for (const dir of [first, second]) assert.equal(path.dirname(dir), RUNS_DIR);
    // the other processes started (and pruned) while this one runs: its files are still there
    assert.equal(fs.readFileSync(marker, 'utf8'), 'mine');
    // a process that has ended leaves its directory only until the next run starts
    assert.ok(!fs.existsSync(first), `${first} of an ended run should have been removed`);
  });
});
