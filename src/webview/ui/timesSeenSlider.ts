/**
 * The times_seen slider of the effect plots, as the dms-vep pipeline sets it (1–25, starting at
 * 2): mutations seen in fewer variants are drawn grey in the heatmap and left out of the site
 * sums (mutationPlots.ts timesSeenOf). Redraws wait for the slider to rest for a moment.
 */
import { el } from './dom';

export const TIMES_SEEN = { min: 1, max: 25, start: 2 };

const SETTLE_MS = 120;

export function timesSeenSlider(
  saved: number | undefined,
  changed: (n: number) => void,
): { root: HTMLElement; value: () => number } {
  let current = saved ?? TIMES_SEEN.start;
  const input = el('input', {
    id: 'times-seen',
    title: 'grey out mutations seen in fewer variants, and leave them out of the site sums',
  });
  Object.assign(input, {
    type: 'range',
    min: String(TIMES_SEEN.min),
    max: String(TIMES_SEEN.max),
    value: String(current),
  });
  input.setAttribute('aria-label', 'minimum times seen');
  const shown = el('span', { id: 'times-seen-value', text: String(current) });
  let timer: ReturnType<typeof setTimeout> | undefined;
  input.addEventListener('input', () => {
    current = Number(input.value);
    shown.textContent = input.value;
    clearTimeout(timer);
    timer = setTimeout(() => changed(current), SETTLE_MS);
  });
  return {
    root: el('label', { className: 'times-seen' }, 'times seen ≥ ', shown, input),
    value: () => current,
  };
}
