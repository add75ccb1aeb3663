/**
 * The export's progress bar: the helper process, asked for a report, says before each plot how
 * many of how many are drawn, then answers with exactly those plots' files.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { basename, join } from 'node:path';
import { FitterProcess } from '../../../src/jobs/fitterProcess.ts';
import type { FitterToHost } from '../../../src/protocol/fitter.ts';
import { bundles } from '../../support/bundles.ts';
import { simulatedCli } from '../support/simulatedCli.ts';

test('report: a progress message before each plot, counting up to the plots it writes', async () => {
  const sim = await simulatedCli('report-progress', { seed: 5, sites: 12, variantsPerCondition: 400 });
  const out = join(sim.dir, 'out');
  assert.equal(sim.dmsfit('fit', sim.data, '-r', 'h1', '--lasso', '1e-3,1e-4', '-o', out).status, 0);
  const { fitter } = await bundles();
  const proc = new FitterProcess({ script: fitter, heapMB: 512 });
  try {
    await proc.ready;
    const heard: Extract<FitterToHost, { type: 'report-progress' }>[] = [];
    const answer = await new Promise<FitterToHost>((resolve) => {
      proc.listen('r', (m) => (m.type === 'report-progress' ? heard.push(m) : resolve(m)));
      proc.send({ type: 'report', id: 'r', folder: out, title: 'progress' });
    });
    assert.equal(answer.type, 'reported', JSON.stringify(answer));
    const plots = (answer as Extract<FitterToHost, { type: 'reported' }>).plots;
    assert.ok(plots.length > 3, `${plots.length} plots`);
    assert.deepEqual(
      heard.map((m) => [m.done, m.total]),
      plots.map((_, k) => [k, plots.length]),
    );
    assert.deepEqual(
      heard.map((m) => `${m.name}.svg`),
      plots.map((p) => basename(p)),
    );
  } finally {
    proc.release('r');
    await proc.stop();
  }
});
