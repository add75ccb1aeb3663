/** A fresh copy of the test workspace per run, so tests never write into the repository. */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from './codeServer.ts';

export function freshWorkspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dmsfit-ws-'));
  cpSync(join(REPO, 'test/fixtures/workspace'), dir, { recursive: true });
  return dir;
}
