/**
 * model.json: a fitted model that can predict new variants. It holds the site map (each
 * condition's wildtype), the mutation columns, natural parameters (β per condition, β0, θ)
 * and how g and the output activation are built, plus the settings and versions that made it.
 */
import { UserError } from '../errors';
import { readFile, stat } from 'node:fs/promises';
import { z } from 'zod';
import { nameRecordSchema, own } from '../data/nameRecord';
import { ALPHABET_NAMES, type AlphabetName } from '../data/alphabet';
import { mutationKey, parseSiteLabel, siteLabel } from '../data/sites';
import type { PreparedData } from '../data/prepare/prepare';
import { identityActivation, softplusActivation, type OutputActivation } from '../model/activation';
import { EPISTASIS_NAMES, globalEpistasis, type GlobalEpistasis } from '../model/epistasis';
import { MAX_HIDDEN_UNITS, type ModelOptions } from '../model/options';
import type { NaturalParameters } from '../model/parameters';
import { mutationName } from '../data/variantTable';

export const MODEL_FORMAT = 'dmsfit-model';
export const MODEL_FORMAT_VERSION = 1;

const numbers = z.array(z.number());

const modelSchema = z.object({
  format: z.literal(MODEL_FORMAT),
  formatVersion: z.literal(MODEL_FORMAT_VERSION),
  dmsfitVersion: z.string(),
  created: z.string(),
  alphabet: z.enum(ALPHABET_NAMES as [AlphabetName, ...AlphabetName[]]),
  letterSuffixedSites: z.boolean(),
  conditions: z.array(z.string()).min(1),
  reference: z.string(),
  sites: z.array(z.string()),
  /** Per condition, one wildtype letter per site (in `sites` order). */
  wildtypes: nameRecordSchema(z.string()),
  /** From a site numbering map: each site's sequential number (null: not in the map) and region. */
  siteNumbers: z
    .object({ sequential: z.array(z.number().int().nullable()), region: z.array(z.string()) })
    .optional(),
  mutations: z.array(z.string()),
  beta: nameRecordSchema(numbers),
  beta0: nameRecordSchema(z.number()),
  theta: nameRecordSchema(z.number()),
  epistasis: z.object({
    name: z.enum(EPISTASIS_NAMES),
    hiddenUnits: z.number().int().positive().max(MAX_HIDDEN_UNITS),
  }),
  activation: z.object({ name: z.enum(['identity', 'softplus']), lowerBound: z.number().nullable() }),
  lambda: z.number(),
  settings: nameRecordSchema(z.unknown()),
});

export type ModelDocument = z.infer<typeof modelSchema>;

export function modelDocument(
  p: PreparedData,
  params: NaturalParameters,
  options: ModelOptions,
  epistasis: GlobalEpistasis,
  lambda: number,
  settings: Record<string, unknown>,
  version: string,
  letterSuffixedSites: boolean,
): ModelDocument {
  const S = p.siteMap.sites.length;
  const letters = p.alphabet.letters;
  return {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FORMAT_VERSION,
    dmsfitVersion: version,
    created: new Date().toISOString(),
    alphabet: p.alphabet.name,
    letterSuffixedSites,
    conditions: p.conditions,
    reference: p.conditions[p.reference]!,
    sites: [...p.siteMap.sites].map(siteLabel),
    wildtypes: Object.fromEntries(
      p.conditions.map((c, d) => [
        c,
        Array.from({ length: S }, (_, s) => letters[p.siteMap.wildtype[d * S + s]!]).join(''),
      ]),
    ),
    ...(p.siteNumbers ? { siteNumbers: p.siteNumbers } : {}),
    mutations: [...p.mutations].map((k) => mutationName(p.alphabet, k)),
    beta: Object.fromEntries(p.conditions.map((c, d) => [c, [...params.beta[d]!]])),
    beta0: Object.fromEntries(p.conditions.map((c, d) => [c, params.beta0[d]!])),
    theta: Object.fromEntries(epistasis.thetaNames.map((n, j) => [n, params.theta[j]!])),
    epistasis: { name: options.epistasis, hiddenUnits: options.hiddenUnits },
    activation: {
      name: options.activation,
      lowerBound: options.activation === 'softplus' ? options.lowerBound! : null,
    },
    lambda,
    settings,
  };
}

/** Larger than any model (10⁵ mutations × 10 conditions is ~30 MB) and below V8's longest string. */
export const MAX_MODEL_BYTES = 256 * 2 ** 20;

/**
 * Reads and checks a model.json before anything is built from it: its size, its schema (with
 * bounds), and that every condition — the reference among them — has its parameters.
 */
export async function readModel(path: string): Promise<ModelDocument> {
  let raw: unknown;
  try {
    const { size } = await stat(path);
    if (size > MAX_MODEL_BYTES)
      throw new UserError(
        `${size.toLocaleString('en-US')} bytes is larger than any model (at most ${MAX_MODEL_BYTES.toLocaleString('en-US')})`,
      );
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new UserError(`cannot read model ${path}: ${err instanceof Error ? err.message : String(err)}`, {
      cause: err,
    });
  }
  const parsed = modelSchema.safeParse(raw);
  if (!parsed.success)
    throw new UserError(`${path} is not a DMS Fit model: ${z.prettifyError(parsed.error)}`);
  const m = parsed.data;
  if (new Set(m.conditions).size !== m.conditions.length)
    throw new UserError(`${path}: a condition is listed twice`);
  if (!m.conditions.includes(m.reference))
    throw new UserError(
      `${path}: the reference '${m.reference}' is not among the conditions (${m.conditions.join(', ')})`,
    );
  for (const c of m.conditions) {
    if (own(m.beta0, c) === undefined) throw new UserError(`${path}: beta0 of ${c} is missing`);
    if (own(m.beta, c)?.length !== m.mutations.length)
      throw new UserError(`${path}: beta of ${c} does not match the mutations`);
    if (own(m.wildtypes, c)?.length !== m.sites.length)
      throw new UserError(`${path}: wildtype of ${c} does not match the sites`);
  }
  const n = m.siteNumbers;
  if (n && (n.sequential.length !== m.sites.length || n.region.length !== m.sites.length))
    throw new UserError(`${path}: the site numbers do not match the sites`);
  return m;
}

/** The pieces a prediction needs, rebuilt from a model document. */
export interface LoadedModel {
  doc: ModelDocument;
  epistasis: GlobalEpistasis;
  activation: OutputActivation;
  theta: Float64Array;
  /** Site key → wildtype letter index per condition. */
  wildtype: Map<number, number>[];
  /** Mutation key → column. */
  column: Map<number, number>;
  /** Per condition, bundle mutations as keys `R s C`, in site order. */
  bundles: number[][];
}

export function loadedModel(doc: ModelDocument, letters: string): LoadedModel {
  const letterOf = (letter: string, where: string) => {
    const i = letters.indexOf(letter);
    if (i < 0 || letter === '')
      throw new UserError(`model: ${where} has '${letter}', not a letter of the ${doc.alphabet} alphabet`);
    return i;
  };
  const epistasis = globalEpistasis(doc.epistasis.name, { hiddenUnits: doc.epistasis.hiddenUnits });
  const activation =
    doc.activation.name === 'softplus' ? softplusActivation(doc.activation.lowerBound!) : identityActivation;
  const theta = Float64Array.from(epistasis.thetaNames, (n) => {
    const v = own(doc.theta, n);
    if (v === undefined) throw new UserError(`model lacks θ entry ${n}`);
    return v;
  });
  const siteKeys = doc.sites.map((s) => parseSiteLabel(s, doc.letterSuffixedSites));
  const wildtype = doc.conditions.map((c) => {
    const w = doc.wildtypes[c]!;
    return new Map(
      siteKeys.map((k, s) => [k, letterOf(w[s]!, `the wildtype of ${c} at site ${doc.sites[s]}`)]),
    );
  });
  const ref = doc.conditions.indexOf(doc.reference);
  const bundles = doc.conditions.map((_, d) =>
    siteKeys.flatMap((k) => {
      const r = wildtype[ref]!.get(k)!;
      const c = wildtype[d]!.get(k)!;
      return r === c ? [] : [mutationKey(k, r, c)];
    }),
  );
  const column = new Map<number, number>();
  doc.mutations.forEach((name, j) => {
    const wt = letterOf(name[0]!, `mutation ${name}`);
    const mut = letterOf(name[name.length - 1]!, `mutation ${name}`);
    column.set(mutationKey(parseSiteLabel(name.slice(1, -1), doc.letterSuffixedSites), wt, mut), j);
  });
  return { doc, epistasis, activation, theta, wildtype, column, bundles };
}
