// The figures of a selection: the official figure and the synthetic estimate, side by side.
import { ident, literal, loaded, rows } from './database';
import { describe, label, pairsOf, release, releaseTables } from './release';

const $ = (id) => document.getElementById(id);

// Counts are whole numbers from DuckDB, printed in full with thousands separators; none below k.
export function formatCount(n) {
  return n < release.k ? `fewer than ${release.k}` : n.toLocaleString('en-US');
}

// A DP count's noise: its standard deviation in records, to one decimal.
const formatSd = (sd) => sd.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

// The noise of a chart's DP counts: one standard deviation, or their range.
function noiseRange(sds) {
  const values = [...sds.values()];
  const [low, high] = [Math.min(...values), Math.max(...values)].map(formatSd);
  return low === high ? low : `${low} to ${high}`;
}

// SQL condition matching every chosen value of `pairs` ([variable, value]).
function matching(pairs) {
  return pairs.map(([name, value]) => `cast(${ident(name)} as varchar) = ${literal(value)}`).concat('true')
    .join(' and ');
}

// A combination's key in the release's tables: "variable:value" pairs in codebook order, joined
// by ";" (the combination_counts macro's).
const combinationKey = (pairs) => pairsOf(new Map(pairs)).map(([name, value]) => `${name}:${value}`).join(';');

// The combinations of the selection (with `by`: with each value of `by`): key -> value of `by`.
const keysOf = (pairs, by) => new Map(by
  ? release.variables.get(by).values.map(({ value }) => [combinationKey([...pairs, [by, value]]), value])
  : [[combinationKey(pairs), '']]);

// The counts of `table` (column `count`; or another number, such as a DP count's noise) of the
// selection's combinations: value of `by` -> count.
async function countsOf(table, count, pairs, by) {
  const keys = keysOf(pairs, by);
  // the record total's key is empty, which the page's CSV reader reads as null
  const found = await rows(`select coalesce(combination_key, '') as key, ${count} as n from ${table}
    where combination_length = ${pairs.length + (by ? 1 : 0)}
    and coalesce(combination_key, '') in (${[...keys.keys()].map(literal).join(', ')})`);
  return new Map(found.map((row) => [keys.get(row.key), Number(row.n)]));
}

// ---- Official figures: the one function that knows how the release publishes them ---------
// k-synthetic: the reportable aggregates, a count rounded down to a multiple of k, for every
// combination of at most reporting_length values that at least k records hold. DP: the DP
// aggregates, a noisy count (made consistent) for every combination the mechanism kept. With
// `by`, one figure per value of that variable under the selection; without, the selection's own
// (key ''). Returns the figures, what a value without one says, why (given a figure or
// undefined), and a note for a chart that can have none.
export async function officialFigures(pairs, by = null) {
  const { k, reportingLength } = release;
  const length = pairs.length + (by ? 1 : 0);
  await loaded.get(release.roles.aggregates);
  if (length > reportingLength) {
    return {
      figures: new Map(),
      missing: 'no official figure',
      why: () => `Official figures exist for combinations of at most ${reportingLength} values; this `
        + `selection has ${pairs.length}. See the synthetic estimate.`,
      note: ` No official figures: with ${by && label(by)} the combination would have more than `
        + `${reportingLength} values.`,
    };
  }
  if (release.dp) {
    // each count's noise is its own: a combination holding a means of control weighs less in the
    // measurement, so it carries more noise
    const { aggregates, count, noise } = release.roles;
    const [figures, sds] = await Promise.all([countsOf(aggregates, count, pairs, by),
      countsOf(aggregates, noise, pairs, by)]);
    return {
      figures,
      sds,
      missing: 'not published',
      why: (count) => (count === undefined
        ? 'Not published: too rare to tell from the noise, or not measured because a shorter combination in '
          + 'it was not published. Its count is unknown, not zero.'
        : `A differentially private count: noise with a standard deviation of ${formatSd(sds.get(''))} records `
          + 'was added to the true count, then the counts were estimated and made consistent with each other.'),
      note: sds.size ? ` Official figures are DP counts (noise sd ${noiseRange(sds)} records).` : '',
    };
  }
  const value = by ? `cast(${ident(by)} as varchar)` : "''";
  const found = await rows(`select ${value} as value, reported_count as n from reportable_aggregates
    where combination_length = ${length} ${by ? `and ${ident(by)} is not null` : ''} and ${matching(pairs)}`);
  return {
    figures: new Map(found.map((row) => [row.value, Number(row.n)])),
    missing: 'not published',
    why: (count) => (count === undefined
      ? `Fewer than ${k} records share this combination (possibly none), so it is not published.`
      : `Rounded down to a multiple of ${k}.`),
    note: '',
  };
}

// Synthetic records holding every value of the selection (with `by`: and each value of `by`).
// The record total is the synthetic records table's number of rows; combinations of 1 to
// reporting_length values are counted in the k-synthetic release's synthetic_combination_counts
// (every such combination of the synthetic records); others count the synthetic records.
export async function syntheticCounts(pairs, by = null) {
  const length = pairs.length + (by ? 1 : 0);
  const { records, synthetic_counts: counts } = release.roles;
  if (length === 0) {
    return new Map([['', releaseTables().find((table) => table.name === records).rows]]);
  }
  if (counts && length <= release.reportingLength) {
    await loaded.get(counts);
    return countsOf(counts, 'synthetic_count', pairs, by);
  }
  await loaded.get(records);
  const value = by ? `cast(${ident(by)} as varchar)` : "''";
  const found = await rows(`select ${value} as value, count(*) as n from ${ident(records)}
    where ${by ? `${ident(by)} is not null and ` : ''}${matching(pairs)} group by all`);
  return new Map(found.map((row) => [row.value, Number(row.n)]));
}

// All records: why the synthetic records outnumber the official total.
async function recordExpansion(official, synthetic) {
  const [{ ratio }] = await rows(`select cast(round(${synthetic} / ${official}, 2) as varchar) as ratio`);
  if (release.dp) {
    return `${formatCount(synthetic)} synthetic records for a DP total of ${formatCount(official)} (${ratio} `
      + 'times as many). The records are built from the DP counts alone: every value appears exactly as often as '
      + 'its DP count says, and their number follows the DP total only as closely as those counts allow.';
  }
  return `${formatCount(synthetic)} synthetic records for an official total of ${formatCount(official)}: `
    + `${ratio} times as many. The synthesizer shortens records that are rare as a whole and builds further `
    + 'records from the values it took out, so that every value keeps its official count: there are more '
    + 'records than people (the record expansion of the evaluation report).';
}

export async function showFigures(pairs) {
  const [official, synthetic] = await Promise.all([officialFigures(pairs),
    syntheticCounts(pairs).then((counts) => counts.get('') ?? 0)]);
  const count = official.figures.get('');
  $('selection-text').textContent = `Selection: ${describe(pairs)}.`;
  $('official').textContent = count === undefined ? 'No official figure'
    : `${formatCount(count)}${release.dp ? ` ± ${formatSd(official.sds.get(''))} (noise sd)` : ''}`;
  $('official-why').textContent = official.why(count);
  $('synthetic').textContent = formatCount(synthetic);
  $('synthetic-why').textContent = !pairs.length && count !== undefined
    ? await recordExpansion(count, synthetic)
    : 'Approximate: synthetic records keep combinations of many values less faithfully.';
}
