import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CollectionResult } from '../../../src/jobs/collection';
import { alive, api, exists, poll, readText, workspaceFile } from './helpers';

const LAMBDAS = [1e-4, 1e-5];

/** Staging or set-aside folders left beside the results would mean a non-atomic replace. */
async function leftovers(): Promise<string[]> {
  const folder = vscode.workspace.workspaceFolders![0]!.uri;
  const entries = await vscode.workspace.fs.readDirectory(folder);
  return entries.map(([name]) => name).filter((n) => n.includes('.dmsfit') && !n.endsWith('.dmsfit'));
}

suite('fitting from the editor', () => {
  test('Fit Dataset writes <stem>.dmsfit/ beside the data, with the CLI layout', async () => {
    const uri = workspaceFile('sim.csv');
    const result = await vscode.commands.executeCommand<CollectionResult>('dmsfit.fitDataset', uri, {
      reference: 'a',
      lasso: LAMBDAS,
      holdout: 0.2,
    });
    assert.equal(result.status, 'done');
    assert.deepEqual(
      result.fits.map((f) => f.summary.lambda),
      LAMBDAS,
    );
    assert.ok(result.fits.every((f) => f.summary.converged));
    assert.ok(result.recommended, 'a λ is recommended from the validation loss');
    const out = workspaceFile('sim.dmsfit');
    for (const file of [
      'job.json',
      'path.csv',
      'lambda.json',
      'data/summary.json',
      'data/mutations.csv',
      'lambda-0.0001/mutations.csv',
      'lambda-0.00001/model.json',
    ])
      assert.ok(await exists(vscode.Uri.joinPath(out, file)), `${file} written`);
    const mutations = (await readText(vscode.Uri.joinPath(out, 'lambda-0.0001/mutations.csv'))).split('\n');
    assert.match(mutations[0]!, /^mutation,.*beta_a.*shift_b/);
    assert.ok((await api()).panels.get(uri), 'the panel opened beside the file');
  });

  test('Export Plots writes every plot as SVG and PNG and a self-contained report', async () => {
    const uri = workspaceFile('sim.csv');
    const exported = await vscode.commands.executeCommand<{ report: string; files: number }>(
      'dmsfit.exportPlots',
      uri,
    );
    const plots = vscode.Uri.joinPath(workspaceFile('sim.dmsfit'), 'plots');
    const names = (await vscode.workspace.fs.readDirectory(plots)).map(([n]) => n);
    const svgs = names.filter((n) => n.endsWith('.svg'));
    const pngs = names.filter((n) => n.endsWith('.png'));
    console.log(`    exported ${svgs.length} SVG and ${pngs.length} PNG files`);
    assert.ok(svgs.length >= 6, `SVGs: ${svgs.join(', ')}`);
    const stem = (n: string) => n.replace(/\.(svg|png)$/, '');
    assert.deepEqual(
      pngs.map(stem).sort(),
      svgs.map(stem).sort(),
      'one PNG per SVG, whatever the panel shows',
    );
    const png = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(plots, pngs[0]!));
    assert.deepEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47], 'PNG signature');
    assert.equal(exported.files, svgs.length + pngs.length);
    const html = await readText(vscode.Uri.file(exported.report));
    assert.match(html, /<svg/);
    assert.doesNotMatch(html, /(src|href)=["']?https?:/, 'no network resources');
  });

  test('Export for dms-viz writes the fit as a dms-viz dataset beside it', async () => {
    const uri = workspaceFile('sim.csv');
    const path = await vscode.commands.executeCommand<string>('dmsfit.exportDmsViz', uri, {
      structure: '6m0j',
    });
    assert.match(path, /sim\.dmsfit.*dms-viz_shift\.json$/);
    const doc = JSON.parse(await readText(vscode.Uri.file(path))) as Record<string, Record<string, unknown>>;
    const [experiment] = Object.values(doc);
    assert.equal(experiment!.pdb, '6M0J');
    assert.equal(experiment!.metric_col, 'shift');
    assert.ok((experiment!.mut_metric_df as unknown[]).length > 0, 'rows written');
  });

  test("a λ grid from the editor: 'grid 3' fits three λ from λ_max down, recorded in job.json", async () => {
    const uri = workspaceFile('sim.csv');
    const result = await vscode.commands.executeCommand<CollectionResult>('dmsfit.fitDataset', uri, {
      reference: 'a',
      lassoGrid: { points: 3, ratio: 0.01 },
    });
    assert.equal(result.status, 'done');
    const lambdas = result.fits.map((f) => f.summary.lambda);
    assert.equal(lambdas.length, 3);
    assert.deepEqual(lambdas, result.grid!.lambdas);
    assert.equal(result.fits[0]!.summary.conditions.b!.nonzeroShifts, 0, 'no shift at λ_max');
    const job = JSON.parse(await readText(vscode.Uri.joinPath(workspaceFile('sim.dmsfit'), 'job.json')));
    assert.deepEqual(job.lasso, lambdas);
    assert.equal(job.lassoGrid.lambdaMax, result.grid!.lambdaMax);
    assert.deepEqual(await leftovers(), []);
  });

  test('re-fitting replaces the results folder atomically', async () => {
    const uri = workspaceFile('sim.csv');
    const stray = workspaceFile('sim.dmsfit/stray.txt');
    await vscode.workspace.fs.writeFile(stray, new TextEncoder().encode('from an earlier fit'));
    const result = await vscode.commands.executeCommand<CollectionResult>('dmsfit.fitDataset', uri, {
      reference: 'a',
      lasso: [1e-4],
      holdout: 0,
    });
    assert.equal(result.status, 'done');
    assert.equal(await exists(stray), false, 'the old folder was replaced as a whole');
    assert.equal(await exists(workspaceFile('sim.dmsfit/lambda-0.00001')), false);
    assert.deepEqual(await leftovers(), []);
  });

  test('Open Example Dataset copies the example into the workspace; it fits without a question', async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri>('dmsfit.openExample');
    assert.equal(uri.toString(), workspaceFile('dmsfit-example/three-backgrounds.csv').toString());
    assert.ok(await exists(workspaceFile('dmsfit-example/three-backgrounds.truth.csv')));
    // The reference (B1) is remembered for the example: no quick pick, so the fit just runs.
    const result = await vscode.commands.executeCommand<CollectionResult>('dmsfit.fitDataset', uri, {
      lasso: [1e-4],
      holdout: 0,
    });
    assert.equal(result.status, 'done');
    assert.ok(await exists(workspaceFile('dmsfit-example/three-backgrounds.dmsfit/model.json')));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('Cancel Fit stops the fitter processes and leaves the previous results intact', async () => {
    const dmsfit = await api();
    const uri = workspaceFile('slow.csv');
    const first = await vscode.commands.executeCommand<CollectionResult>('dmsfit.fitDataset', uri, {
      reference: 'Delta',
      lasso: [1e-4],
      holdout: 0,
    });
    assert.equal(first.status, 'done');
    const jobFile = workspaceFile('slow.dmsfit/job.json');
    const before = await readText(jobFile);
    const progress = new Promise<void>((resolve) => {
      const sub = dmsfit.fits.onEvent((e) => {
        if (e.dataUri.toString() === uri.toString() && e.message.type === 'progress') {
          sub.dispose();
          resolve();
        }
      });
    });
    const running = vscode.commands.executeCommand<CollectionResult>('dmsfit.fitDataset', uri, {
      reference: 'Delta',
      lasso: [1e-4, 5e-5, 2e-5, 1e-5, 5e-6],
      holdout: 0.2,
    });
    await progress;
    const pids = dmsfit.fits.pids;
    assert.ok(pids.length > 0 && pids.every(alive), 'fitter processes are running');
    const t0 = Date.now();
    await vscode.commands.executeCommand('dmsfit.cancelFit', uri);
    const result = await running;
    console.log(`    cancel → fit ended in ${Date.now() - t0} ms`);
    assert.equal(result.status, 'cancelled');
    await poll(() => pids.every((pid) => !alive(pid)), 'fitter processes exited');
    assert.deepEqual(dmsfit.fits.pids, []);
    assert.equal(await readText(jobFile), before, 'previous results unchanged');
    assert.deepEqual(await leftovers(), []);
  });
});
