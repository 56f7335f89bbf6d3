/**
 * The command the test host prints when a Debian package is missing and it cannot install it
 * itself (scripts/test-host/ensure.mjs). A fresh Debian image has no package lists: the command
 * must refresh them before installing, or it fails with "Unable to locate package".
 */
import { strict as assert } from 'node:assert';
import { aptInstallCommand } from '../../../scripts/test-host/ensure.mjs';

describe('the test host\'s apt-get command', () => {
  it('refreshes the package lists, then installs every package named', () => {
    assert.equal(aptInstallCommand(['chromium']), 'sudo apt-get update && sudo apt-get install -y chromium');
    assert.equal(aptInstallCommand(['chromium', 'postgresql']), 'sudo apt-get update && sudo apt-get install -y chromium postgresql');
  });
});
