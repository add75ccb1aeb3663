/**
 * The interval-width slider of the effect plots, shown when the fit has 90 % intervals
 * (intervals.ts): mutations whose interval of the shown parameter is wider are drawn grey in the
 * heatmap and left out of the site statistic, as polyclonal's sliders filter on a statistic's
 * maximum. Its stops are log-spaced between the narrowest and the widest interval shown, because
 * widths span orders of magnitude (rare mutations' are wide); the last stop keeps every width.
 */
import { formatNumber } from '../../plots/format';
import { el } from './dom';

const STOPS = 40;
const SETTLE_MS = 120;

export function intervalWidthSlider(
  /** The width saved from before (null or absent: any). */
  saved: number | null | undefined,
  changed: (maxWidth: number) => void,
): {
  root: HTMLElement;
  value: () => number;
  /** The widths of the intervals shown (NaN: none); without any the slider hides. */
  setWidths: (widths: readonly number[]) => void;
} {
  let current = saved ?? Infinity;
  let [narrowest, widest] = [0, 0];
  const input = el('input', {
    id: 'interval-width',
    title: 'grey out mutations whose 90 % interval is wider, and leave them out of the site statistic',
  });
  Object.assign(input, { type: 'range', min: '0', max: String(STOPS), value: String(STOPS) });
  input.setAttribute('aria-label', 'largest 90 % interval width');
  const shown = el('span', { id: 'interval-width-value', text: 'any' });
  const root = el('label', { className: 'interval-width' }, '90 % interval ≤ ', shown, input);
  root.hidden = true;
  const widthAt = (stop: number) =>
    stop >= STOPS ? Infinity : narrowest * (widest / narrowest) ** (stop / STOPS);
  const stopOf = (width: number) =>
    Number.isFinite(width)
      ? Math.max(
          0,
          Math.min(
            STOPS - 1,
            Math.round((STOPS * Math.log(width / narrowest)) / Math.log(widest / narrowest)),
          ),
        )
      : STOPS;
  const showValue = () => (shown.textContent = Number.isFinite(current) ? formatNumber(current) : 'any');
  let timer: ReturnType<typeof setTimeout> | undefined;
  input.addEventListener('input', () => {
    current = widthAt(Number(input.value));
    showValue();
    clearTimeout(timer);
    timer = setTimeout(() => changed(current), SETTLE_MS);
  });
  return {
    root,
    value: () => (root.hidden ? Infinity : current),
    setWidths: (widths) => {
      const finite = widths.filter((w) => w > 0 && Number.isFinite(w)).sort((a, b) => a - b);
      root.hidden = finite.length < 2 || finite[0] === finite.at(-1);
      if (root.hidden) return;
      [narrowest, widest] = [finite[0]!, finite.at(-1)!];
      input.value = String(stopOf(current));
      showValue();
    },
  };
}
