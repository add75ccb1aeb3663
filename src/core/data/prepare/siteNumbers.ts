/**
 * The prepared data with their sites numbered by a site numbering map (siteNumbering.ts): the
 * sequential site and region every output and plot carries beside the reference site.
 */
import { InputError } from '../../errors';
import { formatDiagnostic } from '../diagnostics';
import { numberSites, readSiteNumbering } from '../siteNumbering';
import type { PreparedData } from './prepare';

/**
 * `p` with `siteNumbers` from the map at `path` (none given: `p` as it is), and the warnings
 * about the match. A map with errors is refused with its diagnostics: a half-read map would
 * number some sites wrongly.
 */
export async function withSiteNumbers(
  p: PreparedData,
  path: string | undefined,
): Promise<{ prepared: PreparedData; warnings: string[] }> {
  if (!path) return { prepared: p, warnings: [] };
  const { numbering, diagnostics, errors } = await readSiteNumbering({ path });
  if (errors > 0) {
    const first = diagnostics.find((d) => d.severity === 'error')!;
    throw new InputError(
      `${errors} error(s) in the site numbering map (first: ${formatDiagnostic(first)})`,
      diagnostics,
    );
  }
  const S = p.siteMap.sites.length;
  const letters = p.alphabet.letters;
  const wildtypes = p.conditions.map((name, d) => ({
    name,
    letters: Array.from({ length: S }, (_, s) => letters[p.siteMap.wildtype[d * S + s]!] ?? ''),
  }));
  const { columns, warnings } = numberSites(numbering, p.siteMap.sites, wildtypes);
  return { prepared: { ...p, siteNumbers: columns }, warnings };
}
