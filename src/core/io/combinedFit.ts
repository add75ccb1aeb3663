/**
 * How a collection's combined fit (every replicate's variants together at the recommended λ,
 * collection.ts) is named: its folder and job, and the replicate label the panel and the report
 * list it under — written so that no library's name is likely to be it. No Node imports: the
 * panel uses these too.
 */
export const COMBINED_FOLDER = 'combined';
export const COMBINED_REPLICATE = '(all replicates)';
