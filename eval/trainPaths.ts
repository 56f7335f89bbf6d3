/** Files `npm run train` (eval/train.ts) writes besides the generated weights, read by other eval scripts. */
import { join } from 'node:path';

/** What each corpus train document's held-out fold model suggests: not committed; eval/agreement.ts reads it for the train split. */
export const CV_SUGGESTIONS_OUT = join(__dirname, '..', '.sdp-tmp', 'cv-suggestions.json');
