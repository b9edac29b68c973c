// What the page knows about the release: its tables from the release's own description,
// datapackage.json (a Frictionless Data Package, one folder up); its parameters, the 37 variables
// with their data-dictionary text and published values, and the worked questions of analyses/
// from explorer.json (ctdc_pipeline/explorer.py).
import { here } from './database';

export const release = {
  meta: null,
  package: null,
  k: null,
  reportingLength: null,
  dp: false, // a DP release (privacy model differential_privacy)
  roles: null, // { aggregates, count, noise (DP), records, synthetic_counts }: the privacy model's tables
  variables: new Map(), // name -> { label, description, values: [{ value, label }], labels }
};

async function json(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

export async function readRelease() {
  const [meta, datapackage] = await Promise.all([json(here('explorer.json')), json(here('../datapackage.json'))]);
  release.meta = meta;
  release.package = datapackage;
  release.dp = meta.parameters.privacy_model === 'differential_privacy';
  release.k = release.dp ? 0 : Number(meta.parameters.k); // no count is withheld for size in a DP release
  release.reportingLength = Number(meta.parameters.reporting_length);
  release.roles = meta.roles;
  for (const variable of meta.variables) {
    release.variables.set(variable.name, {
      ...variable, labels: new Map(variable.values.map(({ value, label }) => [value, label])),
    });
  }
  return release;
}

// The one place where the page learns the release's tables (name, file, column types, rows):
// the tabular resources of datapackage.json, each column with the DuckDB type it was published
// with, so the page's tables have the types of the release's DuckDB file.
export function releaseTables() {
  return release.package.resources.filter((resource) => resource.type === 'table').map((resource) => ({
    name: resource.name,
    url: here(`../${resource.path}`),
    columns: resource.schema.fields.map((field) => [field.name, field.duckdbType]),
    rows: resource.rows,
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
