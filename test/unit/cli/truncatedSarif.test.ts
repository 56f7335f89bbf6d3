import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { loadRepoCatalog } from '../../../eval/catalog';
import { capturedIO, type CapturedIO } from './capturedIO';
import { suggestCommand } from '../../../src/cli/suggest';

/**
 * A document cut short at --max-size: the CLI's warning names the option, and the SARIF log records
 * it as a warning notification on the run's invocation (a CI reader sees that part of the file was
 * not reviewed), valid against the OASIS 2.1.0 schema.
 */

const SCHEMA_FILE = join(__dirname, '..', '..', '..', 'node_modules', '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json');
const DOC = 'No double-booking: 50,000 seats, 2 million fans race for the last seat.\n'.repeat(20);

const fakeIO = (stdin = DOC): CapturedIO => capturedIO(stdin);

interface Notification { level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }
interface Log { runs: { invocations?: { executionSuccessful: boolean; toolExecutionNotifications?: Notification[] }[] }[] }

describe('sdp suggest: a document cut short at --max-size', () => {
  it('stderr names --max-size and the sizes', async () => {
    const io = fakeIO();
    assert.equal(await suggestCommand(['-', '--max-size', '100'], io, loadRepoCatalog()), 0);
    assert.match(io.stderr, new RegExp(`^sdp suggest: -: only the first 100 of the document's ${DOC.length.toLocaleString('en-US')} characters were analysed \\(--max-size 100\\); give a larger --max-size to analyse all of it`));
  });

  it('SARIF: a warning notification on the invocation names the file; the run still succeeded; schema-valid', async () => {
    const io = fakeIO();
    assert.equal(await suggestCommand(['-', '--max-size', '100', '--format', 'sarif'], io, loadRepoCatalog()), 0);
    const log = JSON.parse(io.stdout) as Log;
    const invocation = log.runs[0]!.invocations?.[0];
    assert.ok(invocation, 'an invocation');
    assert.equal(invocation.executionSuccessful, true);
    assert.deepEqual(invocation.toolExecutionNotifications?.map((n) => [n.level, n.locations[0]!.physicalLocation.artifactLocation.uri]), [['warning', 'stdin']]);
    assert.match(invocation.toolExecutionNotifications![0]!.message.text, /only the first 100 .* --max-size/);
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as object);
    assert.ok(validate(log), JSON.stringify(validate.errors));
  });

  it('a document that fits has no notification', async () => {
    const io = fakeIO();
    assert.equal(await suggestCommand(['-', '--format', 'sarif'], io, loadRepoCatalog()), 0);
    assert.equal((JSON.parse(io.stdout) as Log).runs[0]!.invocations, undefined);
    assert.equal(io.stderr, '');
  });
});
