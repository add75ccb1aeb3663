import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { alive, api, poll, workspaceFile } from './helpers';

// Runs last: it disposes the extension's services the way deactivation does.
suite('disposal', () => {
  test('disposing the extension kills its child processes', async () => {
    const dmsfit = await api();
    const uri = workspaceFile('slow.csv');
    void vscode.commands.executeCommand('dmsfit.fitDataset', uri, {
      reference: 'Delta',
      lasso: [1e-4, 1e-5, 1e-6],
      holdout: 0,
    });
    const pids = await poll(() => {
      const p = dmsfit.fits.pids;
      return p.length > 0 && p;
    }, 'a fit is running');
    const helper = await poll(() => dmsfit.helper.pid, 'the helper process is running');
    const children = [...pids, helper];
    assert.ok(children.every(alive));
    for (const d of [dmsfit.panels, dmsfit.fits, dmsfit.diagnostics, dmsfit.helper]) d.dispose();
    await poll(() => children.every((pid) => !alive(pid)), 'every child process exited', 5000);
  });
});
