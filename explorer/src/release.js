// What the page knows about the release: explorer.json (ctdc_pipeline/explorer.py): its tables,
// parameters, the 37 variables with their data-dictionary text and published values, and the
// worked questions of analyses/.
import { here } from './database';

export const release = {
  meta: null,
  k: null,
  reportingLength: null,
  variables: new Map(), // name -> { label, description, values: [{ value, label }], labels }
};

export async function readRelease() {
  const meta = await (await fetch(here('explorer.json'))).json();
  release.meta = meta;
  release.k = Number(meta.parameters.k);
  release.reportingLength = Number(meta.parameters.reporting_length);
  for (const variable of meta.variables) {
    release.variables.set(variable.name, {
      ...variable, labels: new Map(variable.values.map(({ value, label }) => [value, label])),
    });
  }
  return release;
}

// The one place where the page learns the release's tables (name, file, column types, rows):
// from explorer.json. A release that describes itself (e.g. a Frictionless datapackage.json)
// changes this function only.
export function releaseTables() {
  return release.meta.tables.map(({ name, file, columns, rows }) => ({
    name, url: here(`../${file}`), columns, rows,
  }));
}

export const label = (name) => release.variables.get(name).label;
export const valueLabel = (name, value) => release.variables.get(name).labels.get(value) ?? value;

// [variable, value] pairs in codebook order, however they were picked.
export const pairsOf = (selection) => [...release.variables.keys()].filter((name) => selection.has(name))
  .map((name) => [name, selection.get(name)]);

export function describe(pairs) {
  return pairs.length
    ? pairs.map(([name, value]) => `${label(name)} = ${valueLabel(name, value)}`).join('; ') : 'all records';
}
