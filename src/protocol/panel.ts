/**
 * Messages between the extension host and the fitting panel (webview).
 *
 * Host → panel messages come from our own code and are trusted; panel → host messages cross
 * the webview sandbox and are parsed with `parsePanelMessage` before use. The webview imports
 * only the types (`import type`), so zod never ships into its bundle (zod's JIT needs eval,
 * which the panel's CSP forbids).
 */
import type { Spec as VegaSpec } from 'vega';
import { z } from 'zod';
import { EPISTASIS_NAMES, type EpistasisName } from '../core/model/epistasis';
import type { FitDetail, ResultsIndex } from '../plots/model';
import type { SpectrumResult } from '../core/spectrum/spectrum';
import type { FitterToHost } from './fitter';
import { spectrumRequest } from './spectrum';
import { ADVICE_OPTIONS } from '../core/fit/stopReason';
import { fitIdSchema } from './fitIdSchema';
import { GRID_MAX_POINTS, GRID_MIN_POINTS, gridProblem } from '../core/fit/lassoText';

/** What the panel shows about the data file it was opened for. */
export interface DatasetInfo {
  /** The data file's URI, kept in the webview state so a reloaded panel finds its file. */
  dataUri: string;
  /** Workspace-relative path (display only). */
  fileName: string;
  /** Data rows (header and blank lines excluded); null while counting or if unreadable. */
  rows: number | null;
  /** Why the file could not be read, if it could not. */
  error?: string;
  /** Conditions found in the file, for the reference control. */
  conditions: string[];
  /** The remembered or configured reference condition. */
  reference?: string;
  /** The settings' model, λ list, hold-out fraction, clipping floor and ridge, to prefill the controls. */
  epistasis: EpistasisName;
  lasso: number[];
  holdout: number;
  /** The clipping floor as the user writes it: '' (none), 'median-stop' or a number. */
  clipLow: string;
  ridgeBeta: number;
}

export type HostToPanel =
  | { type: 'dataset'; dataset: DatasetInfo }
  | { type: 'results'; index: ResultsIndex | null }
  | { type: 'fit-detail'; detail: FitDetail }
  | { type: 'fit-event'; job: string; message: FitterToHost }
  /** `outcome`: how the fit that just ended ended (fitOutcome.ts), for the status line. */
  | { type: 'fit-state'; running: boolean; outcome?: string }
  /** Asks the panel to draw these Vega specs as PNG and send them back under the same names. */
  | { type: 'export-png'; plots: { name: string; spec: VegaSpec }[] }
  /** The interaction spectrum the panel asked for, or why there is none. */
  | { type: 'spectrum'; result: SpectrumResult | null; error?: string };

const fitRequest = z.strictObject({
  reference: z.string().min(1).optional(),
  epistasis: z.enum(EPISTASIS_NAMES).optional(),
  lasso: z.array(z.number().nonnegative()).min(1).max(50).optional(),
  /** A grid from λ_max instead of `lasso`. */
  lassoGrid: z
    .strictObject({ points: z.number(), ratio: z.number() })
    .refine((g) => gridProblem(g.points, g.ratio) === undefined, {
      message: `a λ grid needs ${GRID_MIN_POINTS} to ${GRID_MAX_POINTS} points and a ratio in (0, 1)`,
    })
    .optional(),
  holdout: z.number().min(0).max(0.9).optional(),
  /** null: no clipping (whatever the settings say). */
  clipLow: z.union([z.literal('median-stop'), z.number(), z.null()]).optional(),
  ridgeBeta: z.number().nonnegative().optional(),
});

const panelToHost = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready') }),
  z.strictObject({ type: z.literal('fit'), options: fitRequest }),
  z.strictObject({ type: z.literal('cancel') }),
  z.strictObject({ type: z.literal('load-fit'), fit: fitIdSchema }),
  z.strictObject({ type: z.literal('reveal'), file: z.string(), line: z.number().int().positive() }),
  z.strictObject({ type: z.literal('open-results') }),
  /** Open a setting a fit's advice names, in the Settings editor. */
  z.strictObject({
    type: z.literal('open-setting'),
    option: z.enum(ADVICE_OPTIONS),
  }),
  z.strictObject({ type: z.literal('export') }),
  /** Put text on the clipboard (the reproducing command). */
  z.strictObject({ type: z.literal('copy'), text: z.string().max(100_000) }),
  z.strictObject({
    type: z.literal('spectrum'),
    fit: fitIdSchema,
    request: spectrumRequest,
  }),
  z.strictObject({
    type: z.literal('png-files'),
    files: z
      .array(
        z.strictObject({
          name: z.string().regex(/^[A-Za-z0-9._-]{1,120}$/),
          dataUrl: z.string().startsWith('data:image/png;base64,'),
        }),
      )
      .max(200),
  }),
]);

export type PanelToHost = z.infer<typeof panelToHost>;
export type PanelFitRequest = z.infer<typeof fitRequest>;

/** Parses an untrusted message from the webview; throws with a readable reason if malformed. */
export function parsePanelMessage(raw: unknown): PanelToHost {
  const result = panelToHost.safeParse(raw);
  if (!result.success) {
    throw new Error(`Malformed message from the panel: ${z.prettifyError(result.error)}`);
  }
  return result.data;
}
