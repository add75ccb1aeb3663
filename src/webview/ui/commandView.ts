/**
 * "Show command" (issue 26): the `dmsfit fit` command that poses the shown fits again
 * (reproduceCommand.ts), to run them headless or in a pipeline, with a button that copies it.
 */
import type { ResultsIndex } from '../../plots/model';
import { custom, el } from './dom';

export function commandView(
  command: NonNullable<ResultsIndex['command']>,
  copy: (text: string) => void,
): HTMLElement {
  const button = custom('vscode-button', { id: 'copy-command', secondary: true }, 'Copy');
  button.addEventListener('click', () => copy(command.text));
  const parts: HTMLElement[] = [
    el('pre', { className: 'command', id: 'command-text' }, el('code', { text: command.text })),
  ];
  if (command.unexpressed.length > 0)
    parts.push(
      el('p', {
        text: `No option sets ${command.unexpressed.join(', ')}: the command fits with the default instead.`,
      }),
    );
  return el(
    'details',
    { className: 'command-view', id: 'command-view' },
    el('summary', { text: 'Command that reproduces these fits' }),
    ...parts,
    button,
  );
}
