/**
 * Amino-acid alphabets. The order is multidms's (binarymap's): it fixes the order of mutation
 * columns within a site. Stops `*` and gaps `-` behave like any other letter.
 */
export type AlphabetName = 'aa' | 'aa-stop' | 'aa-gap' | 'aa-stop-gap';

const AAS = 'ACDEFGHIKLMNPQRSTVWY';

const LETTERS: Record<AlphabetName, string> = {
  aa: AAS,
  'aa-stop': AAS + '*',
  'aa-gap': AAS + '-',
  'aa-stop-gap': AAS + '*-',
};

/** Our default: real DMS tables contain both stop codons and deletions. */
export const DEFAULT_ALPHABET: AlphabetName = 'aa-stop-gap';

export const ALPHABET_NAMES = Object.keys(LETTERS) as AlphabetName[];

export interface Alphabet {
  name: AlphabetName;
  letters: string;
  /** charCode (< 128) → index in `letters`, or -1. */
  indexOf: Int8Array;
}

export function alphabet(name: AlphabetName = DEFAULT_ALPHABET): Alphabet {
  const letters = LETTERS[name];
  if (letters === undefined)
    throw new Error(`unknown alphabet '${name}' (choose ${ALPHABET_NAMES.join(', ')})`);
  const indexOf = new Int8Array(128).fill(-1);
  for (let i = 0; i < letters.length; i++) indexOf[letters.charCodeAt(i)] = i;
  return { name, letters, indexOf };
}

/** Index of a character in the alphabet, -1 if absent. */
export function letterIndex(a: Alphabet, code: number): number {
  return code < 128 ? a.indexOf[code]! : -1;
}

/** Why a letter is missing, phrased for a scientist: which alphabet option would accept it. */
export function explainMissingLetter(a: Alphabet, ch: string): string {
  if (ch === '*')
    return `stop '*' is not in alphabet '${a.name}'; use an alphabet with stops (aa-stop or aa-stop-gap)`;
  if (ch === '-')
    return `gap '-' is not in alphabet '${a.name}'; use an alphabet with gaps (aa-gap or aa-stop-gap)`;
  return `'${ch}' is not an amino-acid letter of alphabet '${a.name}' (${a.letters})`;
}
