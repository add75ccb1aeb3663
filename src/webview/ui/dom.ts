/** Building DOM without HTML strings: every text from files is set as text. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { text?: string; className?: string; id?: string; title?: string } = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (props.text !== undefined) e.textContent = props.text;
  if (props.className) e.className = props.className;
  if (props.id) e.id = props.id;
  if (props.title) e.title = props.title;
  for (const c of children) e.append(c);
  return e;
}

/** A custom element (vscode-elements) with attributes. */
export function custom(
  tag: string,
  attributes: Record<string, string | boolean> = {},
  ...children: (Node | string)[]
): HTMLElement {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attributes)) {
    if (v === false) continue;
    e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) e.append(c);
  return e;
}

export function section(id: string, title: string): { root: HTMLElement; body: HTMLElement } {
  const body = el('div', { className: 'section-body' });
  const root = el('section', { id }, el('h2', { text: title }), body);
  return { root, body };
}

/** setTimeout typed for the browser (the panel is typechecked with DOM types only). */
export function window_setTimeout(f: () => void, ms: number): number {
  return globalThis.setTimeout(f, ms) as unknown as number;
}

/** Lets the browser paint what is already rendered before the next plot. */
export function nextFrame(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => resolve()));
}

/** A vscode-checkbox labelled `label`, checked as `checked` says, calling `changed` with its state. */
export function checkbox(
  attributes: { id: string; title?: string },
  label: string,
  checked: boolean,
  changed: (checked: boolean) => void,
): HTMLElement & { checked: boolean } {
  const box = custom('vscode-checkbox', { ...attributes, checked }, label) as HTMLElement & {
    checked: boolean;
  };
  box.addEventListener('change', () => changed(box.checked));
  return box;
}
