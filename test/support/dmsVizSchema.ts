/**
 * A check of a dms-viz dataset, written from the format configure_dms_viz documents and enforces
 * (its make_experiment_dictionary, format_mutation_data, format_sitemap_data, check_filter_columns
 * and check_tooltip_columns): the fields every experiment carries and their types, rows that name
 * a known site, letters of the alphabet and a listed condition, one measurement per mutation and
 * condition, numeric filter columns without spaces, slider limits [min, start, max] in order and
 * inside the data, hex colours for every condition. Returns every problem found ([] = valid).
 */

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const FIELDS: Record<string, (v: Json) => boolean> = {
  mut_metric_df: Array.isArray,
  sitemap: isObject,
  metric_col: isString,
  condition_col: (v) => v === null || isString(v),
  conditions: (v) => Array.isArray(v) && v.every(isString),
  condition_colors: isObject,
  negative_condition_colors: (v) => v === null || isObject(v),
  alphabet: (v) => Array.isArray(v) && v.every((a) => isString(a) && a.length === 1),
  pdb: isString,
  dataChains: (v) => Array.isArray(v) && v.every(isString),
  excludeChains: (v) => Array.isArray(v) && v.every(isString),
  filter_cols: (v) => v === null || isObject(v),
  filter_limits: (v) => v === null || isObject(v),
  heatmap_limits: (v) =>
    v === null || (Array.isArray(v) && v.length >= 1 && v.length <= 3 && v.every(isNumber)),
  tooltip_cols: (v) => v === null || isObject(v),
  excludedAminoAcids: (v) => v === null || (Array.isArray(v) && v.every(isString)),
  description: (v) => v === null || isString(v),
  title: (v) => v === null || isString(v),
  floor: (v) => v === null || typeof v === 'boolean',
  summary_stat: (v) => v === null || ['sum', 'mean', 'median', 'max', 'min'].includes(v as string),
};

function isObject(v: Json): v is { [k: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function isString(v: Json): v is string {
  return typeof v === 'string';
}
function isNumber(v: Json): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

const HEX = /^#[0-9A-Fa-f]{6}$/;
const PDB_ID = /^[0-9][A-Za-z0-9]{3}$/;

function checkExperiment(name: string, e: { [k: string]: Json }): string[] {
  const problems: string[] = [];
  const say = (p: string) => problems.push(`${name}: ${p}`);
  for (const [field, ok] of Object.entries(FIELDS)) {
    if (!(field in e)) say(`missing ${field}`);
    else if (!ok(e[field]!)) say(`${field} has the wrong type or value`);
  }
  if (problems.length) return problems;
  const rows = e.mut_metric_df as Json[];
  const metric = e.metric_col as string;
  const conditionCol = e.condition_col as string | null;
  const conditions = e.conditions as string[];
  const alphabet = new Set(e.alphabet as string[]);
  const sitemap = e.sitemap as { [k: string]: { [k: string]: Json } };
  const filters = Object.keys((e.filter_cols ?? {}) as object);
  const tooltips = Object.keys((e.tooltip_cols ?? {}) as object);
  const pdb = e.pdb as string;
  if (!PDB_ID.test(pdb) && !/^(ATOM|HETATM) /m.test(pdb)) say('pdb is neither an RCSB ID nor PDB text');
  if (conditionCol === null) {
    if (conditions.length) say('conditions without a condition_col');
  } else {
    if (conditions.length === 0) say('a condition_col but no conditions');
    if ([...conditions].sort().join('\n') !== conditions.join('\n')) say('conditions are not sorted');
  }
  const colourKeys = conditionCol === null ? ['default'] : conditions;
  const colours = e.condition_colors as { [k: string]: Json };
  for (const c of colourKeys) if (!HEX.test(String(colours[c]))) say(`no hex colour for ${c}`);
  const chainsShown = new Set(e.dataChains as string[]);
  for (const c of e.excludeChains as string[])
    if (chainsShown.has(c)) say(`chain ${c} both included and excluded`);
  for (const f of filters) if (/\s/.test(f)) say(`filter column '${f}' has a space`);
  const sequential = new Set<number>();
  for (const [site, s] of Object.entries(sitemap)) {
    if (!isObject(s) || !isNumber(s.sequential_site!)) say(`sitemap ${site} has no numeric sequential_site`);
    else if (sequential.has(s.sequential_site)) say(`sequential_site ${s.sequential_site} repeats`);
    else sequential.add(s.sequential_site);
    if (isObject(s) && !('protein_site' in s && 'chains' in s))
      say(`sitemap ${site} lacks protein_site or chains`);
  }
  const seen = new Set<string>();
  const range = new Map(filters.map((f) => [f, [Infinity, -Infinity]]));
  const mutatedSites = new Set<string>();
  rows.forEach((r, i) => {
    if (!isObject(r)) return say(`row ${i} is not an object`);
    const site = r.reference_site;
    if (!(isNumber(site!) || isString(site!))) say(`row ${i} has no reference_site`);
    if (!(String(site) in sitemap)) say(`row ${i}: site ${String(site)} is not in the sitemap`);
    for (const col of ['wildtype', 'mutant'])
      if (!alphabet.has(r[col] as string)) say(`row ${i}: ${col} '${String(r[col])}' is not in the alphabet`);
    if (!isNumber(r[metric]!)) say(`row ${i}: ${metric} is not a finite number`);
    if (conditionCol !== null && !conditions.includes(r[conditionCol] as string))
      say(`row ${i}: condition '${String(r[conditionCol])}' is not listed`);
    const key = `${String(site)}|${String(r.wildtype)}|${String(r.mutant)}|${conditionCol ? String(r[conditionCol]) : ''}`;
    if (seen.has(key)) say(`row ${i} repeats ${key}`);
    seen.add(key);
    if (r.mutant !== r.wildtype) mutatedSites.add(String(site));
    for (const f of filters) {
      const v = r[f];
      if (!isNumber(v!)) say(`row ${i}: filter ${f} is not a number`);
      else range.get(f)!.splice(0, 2, Math.min(range.get(f)![0]!, v), Math.max(range.get(f)![1]!, v));
    }
    for (const t of tooltips) if (!(t in r)) say(`row ${i}: no tooltip column ${t}`);
  });
  for (const r of rows)
    if (isObject(r) && !mutatedSites.has(String(r.reference_site)))
      say(`site ${String(r.reference_site)} has only wildtype rows`);
  for (const [f, limits] of Object.entries((e.filter_limits ?? {}) as { [k: string]: Json })) {
    if (!filters.includes(f)) {
      say(`filter_limits names ${f}, which is not a filter column`);
      continue;
    }
    if (!(Array.isArray(limits) && limits.length === 3 && limits.every(isNumber)))
      say(`filter_limits ${f} is not [min, start, max]`);
    else {
      const [lo, start, hi] = limits as number[];
      if (!(lo! <= start! && start! <= hi! && lo! < hi!)) say(`filter_limits ${f} out of order`);
      const [min, max] = range.get(f)!;
      if (lo! < min! || hi! > max!) say(`filter_limits ${f} reach outside the data [${min}, ${max}]`);
    }
  }
  return problems;
}

export function dmsVizProblems(doc: unknown): string[] {
  if (!isObject(doc as Json)) return ['the document is not an object'];
  const entries = Object.entries(doc as { [k: string]: Json }).filter(([k]) => k !== 'markdown_description');
  if (entries.length === 0) return ['no experiment'];
  return entries.flatMap(([name, e]) =>
    isObject(e) ? checkExperiment(name, e) : [`${name}: the experiment is not an object`],
  );
}
