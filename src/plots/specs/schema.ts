/** The Vega-Lite version every spec is written for (the `$schema` of each plot). */
export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
