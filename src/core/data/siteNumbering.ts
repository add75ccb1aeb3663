/**
 * A site numbering map as the dms-vep pipelines write it (`site_numbering_map.csv`): per site, its
 * sequential number in the construct, its number in the reference numbering the data use
 * (`reference_site`, e.g. HXB2 with insertion letters such as `184a`), and the protein region.
 * The fit's sites are matched on `reference_site`; the sequential number and region then follow
 * every site into the plots and outputs.
 */
import { readCheckedDelimited } from './checkedRead';
import type { RecordLocator } from './delimited';
import { DiagnosticSink, type Diagnostic } from './diagnostics';
import { parseSiteLabel, siteLabel } from './sites';

/** One row of the map. */
export interface NumberedSite {
  sequential: number;
  /** Empty when the map has no `region` column or the cell is empty. */
  region: string;
  /** The construct's own wildtype letter (`sequential_wt`), '' when absent. */
  wildtype: string;
}

export interface SiteNumbering {
  /** The map's path as given. */
  file: string;
  /** Site key (sites.ts) of each `reference_site` → its row. */
  sites: Map<number, NumberedSite>;
}

export const SITE_NUMBERING_COLUMNS = {
  sequential: 'sequential_site',
  reference: 'reference_site',
  region: 'region',
  wildtype: 'sequential_wt',
} as const;

/** The numbering of a fit's sites, in its site order: what plots and outputs carry. */
export interface SiteNumberColumns {
  /** Sequential site, null for a site the map does not list. */
  sequential: (number | null)[];
  /** Region, '' for a site the map does not list (or without regions). */
  region: string[];
}

/**
 * Reads a map, its problems as diagnostics at their cells. Rows with a problem are left out; the
 * caller refuses the map when any error was found (a fit should not run on a half-read map).
 */
export async function readSiteNumbering(source: {
  path: string;
  text?: string;
}): Promise<{ numbering: SiteNumbering; diagnostics: Diagnostic[]; errors: number }> {
  const sink = new DiagnosticSink(20);
  const numbering: SiteNumbering = { file: source.path, sites: new Map() };
  const reader = new MapReader(source.path, numbering, sink);
  const read = await readCheckedDelimited(
    source.text === undefined
      ? { kind: 'file', path: source.path }
      : { kind: 'text', text: source.text, name: source.path },
    (fields, index, at) => (index === 0 ? reader.header(fields, at) : reader.row(fields, at)),
    sink,
  );
  if (read && reader.rows === 0 && sink.errors === 0)
    sink.add({
      file: source.path,
      line: 1,
      start: 0,
      end: 0,
      code: 'no-data-rows',
      message: 'the map lists no sites',
    });
  return { numbering, diagnostics: sink.finish(), errors: sink.errors };
}

class MapReader {
  rows = 0;
  private index: Partial<Record<keyof typeof SITE_NUMBERING_COLUMNS, number>> = {};
  private width = 0;
  private readonly lineOfSequential = new Map<number, number>();
  private readonly lineOfReference = new Map<number, number>();

  constructor(
    private readonly file: string,
    private readonly numbering: SiteNumbering,
    private readonly sink: DiagnosticSink,
  ) {}

  header(fields: string[], at: RecordLocator): boolean {
    this.width = fields.length;
    const names = fields.map((f) => f.trim());
    for (const [key, name] of Object.entries(SITE_NUMBERING_COLUMNS)) {
      const i = names.indexOf(name);
      if (i >= 0) this.index[key as keyof typeof SITE_NUMBERING_COLUMNS] = i;
    }
    const missing = [SITE_NUMBERING_COLUMNS.sequential, SITE_NUMBERING_COLUMNS.reference].filter(
      (n) => !names.includes(n),
    );
    if (missing.length === 0) return true;
    this.sink.add({
      file: this.file,
      ...at.whole(),
      code: 'missing-column',
      message: `a site numbering map needs the columns ${missing.map((m) => `'${m}'`).join(' and ')} (header: ${names.join(', ')})`,
    });
    return false;
  }

  row(fields: string[], at: RecordLocator): void {
    this.rows++;
    if (fields.length !== this.width) {
      this.sink.add({
        file: this.file,
        ...at.whole(),
        code: 'field-count',
        message: `${fields.length} fields where the header has ${this.width}`,
      });
      return;
    }
    const seqCell = this.index.sequential!;
    const refCell = this.index.reference!;
    const seqText = fields[seqCell]!.trim();
    const refText = fields[refCell]!.trim();
    const sequential = /^-?\d+$/.test(seqText) ? Number(seqText) : NaN;
    const key = parseSiteLabel(refText);
    if (!Number.isSafeInteger(sequential))
      return this.invalid(at, seqCell, `sequential_site '${seqText}' is not a whole number`);
    if (!Number.isFinite(key))
      return this.invalid(
        at,
        refCell,
        `reference_site '${refText}' is not a site (a number, optionally with an insertion letter such as 184a)`,
      );
    if (this.twice(this.lineOfSequential, sequential, at, seqCell, `sequential_site ${sequential}`)) return;
    if (this.twice(this.lineOfReference, key, at, refCell, `reference_site ${siteLabel(key)}`)) return;
    const cell = (i: number | undefined): string => (i === undefined ? '' : fields[i]!.trim());
    this.numbering.sites.set(key, {
      sequential,
      region: cell(this.index.region),
      wildtype: cell(this.index.wildtype),
    });
  }

  private invalid(at: RecordLocator, cell: number, message: string): void {
    this.sink.add({ file: this.file, ...at.cell(cell), code: 'site-number-invalid', message });
  }

  /** Whether `value` was listed on an earlier line (then reported on this one). */
  private twice(
    lines: Map<number, number>,
    value: number,
    at: RecordLocator,
    cell: number,
    what: string,
  ): boolean {
    const first = lines.get(value);
    if (first === undefined) {
      lines.set(value, at.line);
      return false;
    }
    this.sink.add({
      file: this.file,
      ...at.cell(cell),
      code: 'site-number-duplicate',
      message: `${what} is listed twice (first on line ${first})`,
      relatedLine: first,
    });
    return true;
  }
}

/**
 * The numbering of the fit's sites (site keys in natural order), and what a user should know:
 * sites the map does not list, and wildtype letters that disagree with the map's `sequential_wt`
 * in every condition (a map of another construct gives many).
 */
export function numberSites(
  numbering: SiteNumbering,
  sites: ArrayLike<number>,
  /** Per condition, the wildtype letter at each site ('' if unknown there). */
  wildtypes: { name: string; letters: string[] }[],
): { columns: SiteNumberColumns; warnings: string[] } {
  const sequential: (number | null)[] = [];
  const region: string[] = [];
  const unlisted: string[] = [];
  const mismatched = wildtypes.map(() => 0);
  let compared = 0;
  for (let s = 0; s < sites.length; s++) {
    const row = numbering.sites.get(sites[s]!);
    sequential.push(row?.sequential ?? null);
    region.push(row?.region ?? '');
    if (!row) unlisted.push(siteLabel(sites[s]!));
    else if (row.wildtype !== '') {
      compared++;
      wildtypes.forEach((w, d) => {
        if (w.letters[s] && w.letters[s] !== row.wildtype) mismatched[d]!++;
      });
    }
  }
  const warnings: string[] = [];
  if (unlisted.length > 0)
    warnings.push(
      `${unlisted.length} of ${sites.length} sites are not in the site numbering map ${numbering.file} (${unlisted.slice(0, 5).join(', ')}${unlisted.length > 5 ? ', …' : ''}): they have no sequential site or region`,
    );
  const best = Math.min(...mismatched);
  if (compared > 0 && best > 0)
    warnings.push(
      `the site numbering map's sequential_wt differs from every condition's wildtype at ${best} or more of ${compared} sites (${wildtypes.map((w, d) => `${w.name}: ${mismatched[d]}`).join(', ')}): is it the map of this construct?`,
    );
  return { columns: { sequential, region }, warnings };
}
