/**
 * The fitting panel's script. Renders what the host sends; every string that came from the
 * workspace is set as text (never as HTML).
 */
import type { DatasetInfo, HostToPanel } from '../protocol/panel';
import { vscodeApi } from './vscodeApi';

interface PanelState {
  dataUri?: string;
  dataset?: DatasetInfo;
}

const host = vscodeApi<PanelState>();
let state: PanelState = host.getState() ?? {};

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string,
  className?: string,
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (className) e.className = className;
  return e;
}

function renderDataset(dataset: DatasetInfo): void {
  const app = document.getElementById('app')!;
  const section = el('section');
  section.id = 'dataset';
  section.append(el('h1', dataset.fileName, 'file-name'));
  if (dataset.error) section.append(el('p', `Could not read this file: ${dataset.error}`, 'error'));
  else if (dataset.rows === null) section.append(el('p', 'Counting rows…'));
  else section.append(el('p', `${dataset.rows.toLocaleString('en-US')} data rows`, 'row-count'));
  app.replaceChildren(section);
}

function save(next: PanelState): void {
  state = next;
  host.setState(state);
}

window.addEventListener('message', (event: MessageEvent<HostToPanel>) => {
  const message = event.data;
  switch (message.type) {
    case 'dataset':
      save({ ...state, dataUri: message.dataset.dataUri, dataset: message.dataset });
      renderDataset(message.dataset);
      return;
    default: {
      const never: never = message.type;
      console.warn(`DMS Fit panel: unknown message ${String(never)}`);
    }
  }
});

if (state.dataset) renderDataset(state.dataset);
host.postMessage({ type: 'ready' });
