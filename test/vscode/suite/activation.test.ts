import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, EXTENSION_ID, poll, workspaceFile } from './helpers';

suite('activation, commands and the panel', () => {
  test('activates when a CSV is opened', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, 'extension is installed');
    const doc = await vscode.workspace.openTextDocument(workspaceFile('tiny.csv'));
    await vscode.window.showTextDocument(doc);
    await poll(() => ext.isActive, 'extension activated by opening a CSV');
    assert.equal(doc.languageId, 'csv');
  });

  test('registers every command of the palette', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of [
      'dmsfit.fitDataset',
      'dmsfit.fitWithOptions',
      'dmsfit.cancelFit',
      'dmsfit.showPanel',
      'dmsfit.validateFile',
      'dmsfit.openResultsFolder',
      'dmsfit.exportPlots',
      'dmsfit.exportDmsViz',
    ])
      assert.ok(commands.includes(id), `${id} registered`);
  });

  test('Show Panel opens a webview tab beside the file', async () => {
    const uri = workspaceFile('tiny.csv');
    await vscode.window.showTextDocument(uri);
    await vscode.commands.executeCommand('dmsfit.showPanel', uri);
    const tab = await poll(
      () =>
        vscode.window.tabGroups.all
          .flatMap((g) => g.tabs)
          .find((t) => t.input instanceof vscode.TabInputWebview && t.label === 'DMS Fit: tiny.csv'),
      'panel tab opened',
    );
    assert.ok((tab.input as vscode.TabInputWebview).viewType.endsWith('dmsfit.panel'));
    assert.notEqual(tab.group.viewColumn, vscode.ViewColumn.One, 'the panel opens beside the data file');
    assert.ok((await api()).panels.get(uri), 'panel registered for the file');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
