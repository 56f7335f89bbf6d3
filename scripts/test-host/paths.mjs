// Where the test host lives: a git-ignored folder at the repository root, reused between runs.
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const hostDir = process.env.SDP_TEST_HOST_DIR ?? join(repoRoot, '.vscode-test');
export const CODE_SERVER_VERSION = '4.139.1'; // VS Code 1.139.1
export const NODE_MAJOR = '24'; // code-server 4.133+ wants Node 24
export const nodeDir = join(hostDir, 'node24', 'node_modules', `node-${process.platform}-${process.arch === 'x64' ? 'x64' : process.arch}`);
export const nodeBin = join(nodeDir, 'bin', 'node');
export const codeServerDir = join(hostDir, 'code-server');
export const codeServerBin = join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const runsDir = join(hostDir, 'runs');
export const chromiumCandidates = [process.env.SDP_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter(Boolean);
