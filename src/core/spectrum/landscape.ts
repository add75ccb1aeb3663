/**
 * A fitted model's landscape over k chosen sites, in one condition: every combination of the
 * sites' states, all other sites at the condition's wildtype (or at a given background variant).
 *
 * States of a site: the condition's wildtype first (label 0), then every other letter the model
 * can score there — the reference wildtype and each mutant with a fitted β — in alphabet order.
 * A letter's contribution to the latent phenotype follows the model's reference-based encoding:
 * 0 for the reference wildtype, β of `<ref wt><site><letter>` in this condition otherwise.
 *
 * Values are built along the grid like an odometer: partial sums per digit, so each point costs
 * O(1) additions and no sum drifts.
 */
import { UserError } from '../errors';
import { alphabet } from '../data/alphabet';
import type { LoadedModel } from '../fit/modelFile';

/** Largest grid analysed (2^22 points: 64 MB of complex coefficients). */
export const MAX_GRID = 2 ** 22;

export type LandscapeScale = 'observed' | 'latent';

export interface SiteStates {
  site: string;
  /** Letters, the condition's wildtype first. */
  letters: string[];
  /** Change of the latent phenotype from the wildtype letter to each letter (0 for the first). */
  delta: Float64Array;
}

export interface Landscape {
  condition: string;
  scale: LandscapeScale;
  sites: SiteStates[];
  shape: number[];
  /** f over the grid in C order (last site fastest). */
  values: Float64Array;
  /** Latent phenotype of the background (all chosen sites at wildtype). */
  backgroundLatent: number;
}

/** Latent contribution of each letter at one site, for one condition (undefined: not scorable). */
function letterContributions(model: LoadedModel, condition: string, site: number): Map<string, number> {
  const doc = model.doc;
  const label = doc.sites[site]!;
  const refWt = doc.wildtypes[doc.reference]![site]!;
  const beta = doc.beta[condition]!;
  const out = new Map<string, number>([[refWt, 0]]);
  for (const letter of alphabet(doc.alphabet).letters) {
    const j = mutationColumns(model).get(`${refWt}${label}${letter}`);
    if (j !== undefined) out.set(letter, beta[j]!);
  }
  return out;
}

const columnCache = new WeakMap<LoadedModel, Map<string, number>>();

function mutationColumns(model: LoadedModel): Map<string, number> {
  let columns = columnCache.get(model);
  if (!columns) {
    columns = new Map(model.doc.mutations.map((name, j) => [name, j]));
    columnCache.set(model, columns);
  }
  return columns;
}

function siteIndex(model: LoadedModel, label: string): number {
  const s = model.doc.sites.indexOf(label);
  if (s < 0) throw new UserError(`site ${label} is not in the model`);
  return s;
}

export function conditionOf(model: LoadedModel, condition?: string): string {
  const c = condition ?? model.doc.reference;
  if (!model.doc.conditions.includes(c))
    throw new UserError(`condition '${c}' is not in the model (${model.doc.conditions.join(', ')})`);
  return c;
}

/** The states of one site in one condition, optionally restricted to the wildtype and given letters. */
export function siteStates(
  model: LoadedModel,
  condition: string,
  label: string,
  only?: string[],
): SiteStates {
  const s = siteIndex(model, label);
  const contributions = letterContributions(model, condition, s);
  const wt = model.doc.wildtypes[condition]![s]!;
  const base = contributions.get(wt) ?? 0;
  const letters = [
    wt,
    ...alphabet(model.doc.alphabet)
      .letters.split('')
      .filter((l) => l !== wt && contributions.has(l) && (!only || only.includes(l))),
  ];
  return {
    site: label,
    letters,
    delta: Float64Array.from(letters, (l) => contributions.get(l)! - base),
  };
}

/**
 * Latent phenotype of the condition's wildtype plus an optional background variant
 * (substitutions relative to the condition's wildtype, e.g. "N501Y K417N"), which must avoid
 * the chosen sites.
 */
export function backgroundLatent(
  model: LoadedModel,
  condition: string,
  chosen: string[],
  background = '',
): number {
  const doc = model.doc;
  let latent = doc.beta0[condition]!;
  for (let s = 0; s < doc.sites.length; s++) {
    const wt = doc.wildtypes[condition]![s]!;
    if (wt !== doc.wildtypes[doc.reference]![s])
      latent += letterContributions(model, condition, s).get(wt) ?? 0;
  }
  for (const token of background.split(/\s+/).filter(Boolean)) {
    const m = /^(.)(-?\d+[a-z]?)(.)$/.exec(token);
    if (!m)
      throw new UserError(`background substitution '${token}' is not of the form <wildtype><site><mutant>`);
    const [, from, label, to] = m as unknown as [string, string, string, string];
    if (chosen.includes(label)) throw new UserError(`background substitution ${token} is at a chosen site`);
    const states = siteStates(model, condition, label);
    if (states.letters[0] !== from)
      throw new UserError(
        `background substitution ${token}: the wildtype of ${condition} at ${label} is ${states.letters[0]}`,
      );
    const k = states.letters.indexOf(to);
    if (k < 0) throw new UserError(`background substitution ${token} has no fitted effect in the model`);
    latent += states.delta[k]!;
  }
  return latent;
}

export function checkGrid(sites: SiteStates[]): number[] {
  const shape = sites.map((s) => s.letters.length);
  const unscorable = sites.filter((s) => s.letters.length < 2).map((s) => s.site);
  if (unscorable.length > 0)
    throw new UserError(`no fitted mutation at site(s) ${unscorable.join(', ')}: nothing varies there`);
  const n = shape.reduce((a, b) => a * b, 1);
  if (n > MAX_GRID)
    throw new UserError(
      `the grid over sites ${sites.map((s) => s.site).join(', ')} has ${shape.join(' × ')} = ${n.toLocaleString('en-US')} points; ` +
        `the limit is ${MAX_GRID.toLocaleString('en-US')} (2^22). Choose fewer sites, or use the binary mode (one mutant per site).`,
    );
  return shape;
}

/** Fills f over the grid: latent (exactly additive) or observed (through g and the output activation). */
export function fillLandscape(
  model: LoadedModel,
  sites: SiteStates[],
  base: number,
  scale: LandscapeScale,
  out: Float64Array,
): void {
  const k = sites.length;
  const shape = sites.map((s) => s.letters.length);
  const digit = new Int32Array(k);
  // partial[j] = base + Σ_{i ≤ j} delta_i[digit_i]; recomputed from the lowest digit that changed.
  const partial = new Float64Array(k + 1);
  const sum = (from: number) => {
    for (let j = from; j < k; j++) partial[j + 1] = partial[j]! + sites[j]!.delta[digit[j]!]!;
  };
  partial[0] = base;
  sum(0);
  const { epistasis, activation, theta } = model;
  for (let idx = 0; idx < out.length; idx++) {
    const latent = partial[k]!;
    out[idx] = scale === 'latent' ? latent : activation.value(epistasis.value(latent, theta));
    let j = k - 1;
    while (j >= 0 && ++digit[j]! === shape[j]!) digit[j--] = 0;
    sum(Math.max(0, j));
  }
}

export function buildLandscape(
  model: LoadedModel,
  options: { condition?: string; sites: string[]; scale?: LandscapeScale; background?: string },
): Landscape {
  const condition = conditionOf(model, options.condition);
  if (new Set(options.sites).size !== options.sites.length) throw new UserError('a site is listed twice');
  const sites = options.sites.map((label) => siteStates(model, condition, label));
  const shape = checkGrid(sites);
  const base = backgroundLatent(model, condition, options.sites, options.background);
  const scale = options.scale ?? 'observed';
  const values = new Float64Array(shape.reduce((a, b) => a * b, 1));
  fillLandscape(model, sites, base, scale, values);
  return { condition, scale, sites, shape, values, backgroundLatent: base };
}
