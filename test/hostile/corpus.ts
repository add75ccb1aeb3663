/**
 * The hostile corpus (issue 24): files a careless user, another program or an attacker might
 * hand to dmsfit, each with the outcome it must have (kit.ts says how cases are written). Run by
 * test/unit/core/data/hostileCorpus.test.ts.
 */
import { FILE_CASES } from './fileCases';
import { TEXT_CASES } from './textCases';
import type { HostileCase } from './kit';

export { FITTED_MODEL, GOOD, type HostileCase } from './kit';
export { MODEL_EDITS } from './fileCases';

export const CORPUS: HostileCase[] = [...TEXT_CASES, ...FILE_CASES];
