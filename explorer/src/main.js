// The release explorer: DuckDB-WASM over the release's own CSV files (one folder up from the
// page), offline. explorer.json (written by ctdc_pipeline/explorer.py) holds the release's
// tables, its parameters, the 37 variables with their data-dictionary text and published values,
// and the worked questions of analyses/.
import * as duckdb from '@duckdb/duckdb-wasm';

const $ = (id) => document.getElementById(id);
const here = (path) => new URL(path, document.baseURI).href;
const ident = (name) => `"${name.replaceAll('"', '""')}"`;
const literal = (value) => `'${String(value).replaceAll("'", "''")}'`;

// DuckDB starts first, while the page renders: compiling and starting it is most of the wait.
const starting = startDatabase();
const metaLoading = fetch(here('explorer.json')).then((response) => response.json());

// ---- The release's tables ----------------------------------------------------------------
// The one place where the page learns the release's tables (name, file, column types, rows):
// from explorer.json. A release that describes itself (e.g. a Frictionless datapackage.json)
// changes this function only.
function releaseTables(meta) {
  return meta.tables.map(({ name, file, columns, rows }) => ({ name, url: here(`../${file}`), columns, rows }));
}
// Tables load one after the other (DuckDB's worker does one thing at a time), those views read
// first: the official figures, then the synthetic counts of short combinations (a small table),
// then the synthetic records (for longer selections). The others serve the SQL box only.
const VIEW_TABLES = ['reportable_aggregates', 'synthetic_combination_counts', 'synthetic_cases'];
const loaded = new Map(); // table name -> its load (a promise)

async function startDatabase() {
  const worker = new Worker(here('duckdb-browser-eh.worker.js'));
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await db.instantiate(here('duckdb-eh.wasm'));
  const conn = await db.connect();
  // No extension is ever installed or loaded: the page reaches nothing beyond its own files.
  await conn.query('set autoinstall_known_extensions = false');
  await conn.query('set autoload_known_extensions = false');
  performance.mark('explorer:database-ready');
  return { db, conn };
}

async function download(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

// A downloaded release CSV becomes a table with the types the release declares.
async function loadTable({ db, conn }, table, downloading) {
  const file = `${table.name}.csv`;
  await db.registerFileBuffer(file, await downloading);
  const columns = table.columns.map(([name, type]) => `${literal(name)}: ${literal(type)}`).join(', ');
  await conn.query(`create table ${ident(table.name)} as select * from read_csv(${literal(file)},
    auto_detect = false, header = true, delim = ',', quote = '"', escape = '"', columns = {${columns}})`);
  await db.dropFile(file);
  performance.mark(`explorer:loaded ${table.name}`);
}

// Once the release's files are in, DuckDB may open no file, URL or extension any more, and the
// configuration is locked: no query can turn any of it back on.
async function lockDown(conn) {
  for (const setting of ['enable_external_access = false', 'allow_community_extensions = false',
    'lock_configuration = true']) {
    await conn.query(`set ${setting}`);
  }
}

// ---- State: the selection, the charts and the query, all in the URL ---------------------
let conn; // the one DuckDB connection
let meta; // explorer.json
let k; let reportingLength;
const variables = new Map(); // name -> { label, description, values: [{ value, label }], labels }
const state = { selection: new Map(), charts: [], order: 'codebook', scale: 'linear', sql: '' };
const ORDERS = ['codebook', 'count'];
const SCALES = ['linear', 'log'];
const DEFAULT_CHARTS = 2;

function searchOf({ selection, charts, order, scale, sql }) {
  const params = new URLSearchParams();
  for (const name of variables.keys()) if (selection.has(name)) params.append(name, selection.get(name));
  for (const name of charts) params.append('by', name);
  if (order !== ORDERS[0]) params.set('order', order);
  if (scale !== SCALES[0]) params.set('scale', scale);
  if (sql) params.set('sql', sql);
  const search = params.toString();
  return search ? `?${search}` : '';
}

// The state a URL describes; what it names that the release does not publish is listed.
function readUrl(search) {
  const ignored = [];
  const next = { selection: new Map(), charts: [], order: ORDERS[0], scale: SCALES[0], sql: '' };
  for (const [name, value] of new URLSearchParams(search)) {
    if (name === 'by' && variables.has(value)) {
      if (!next.charts.includes(value)) next.charts.push(value);
    } else if (name === 'order' && ORDERS.includes(value)) next.order = value;
    else if (name === 'scale' && SCALES.includes(value)) next.scale = value;
    else if (name === 'sql') next.sql = value;
    else if (variables.get(name)?.labels.has(value)) next.selection.set(name, value);
    else ignored.push(`${name}=${value}`);
  }
  if (!next.charts.length) {
    next.charts = [...variables.keys()].filter((name) => !next.selection.has(name)).slice(0, DEFAULT_CHARTS);
  }
  Object.assign(state, next);
  $('link-note').hidden = !ignored.length;
  $('link-note').textContent = `Ignored from the link (not a published variable and value): ${ignored.join(', ')}.`;
}

// Every change is a history entry: Back and Forward step through the views.
function commit() {
  const search = searchOf(state);
  if (search !== location.search) history.pushState(null, '', search || location.pathname);
  return redraw();
}

window.addEventListener('popstate', () => {
  if (!drawing) return;
  readUrl(location.search);
  redraw();
  if (sqlReady) restoreSql();
});

// ---- Numbers ----------------------------------------------------------------------------
// Counts are whole numbers from DuckDB, printed in full with thousands separators; none below k.
function formatCount(n) {
  return n < k ? `fewer than ${k}` : n.toLocaleString('en-US');
}

// The selection's [variable, value] pairs in codebook order, however they were picked.
const pairsOf = (selection) => [...variables.keys()].filter((name) => selection.has(name))
  .map((name) => [name, selection.get(name)]);
const label = (name) => variables.get(name).label;
const valueLabel = (name, value) => variables.get(name).labels.get(value) ?? value;

function describe(pairs) {
  return pairs.length
    ? pairs.map(([name, value]) => `${label(name)} = ${valueLabel(name, value)}`).join('; ') : 'all records';
}

// One round trip to DuckDB's worker: values are SQL literals, not parameters of a prepared
// statement (which would take three).
async function rows(sql) {
  return (await conn.query(sql)).toArray().map((row) => row.toJSON());
}

// SQL condition matching every chosen value of `pairs` ([variable, value]).
function matching(pairs) {
  return pairs.map(([name, value]) => `cast(${ident(name)} as varchar) = ${literal(value)}`).concat('true')
    .join(' and ');
}

// ---- Official figures: the one function that knows how the release publishes them ---------
// Here the reportable aggregates: a count rounded down to a multiple of k, for every combination
// of at most reporting_length values that at least k records hold. With `by`, one figure per
// value of that variable under the selection; without, the selection's own (key '').
// Returns the figures, what a value without one says, why (given a figure or undefined), and a
// note for a chart that can have none.
async function officialFigures(pairs, by = null) {
  const length = pairs.length + (by ? 1 : 0);
  await loaded.get('reportable_aggregates');
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

// A combination's key in the release's tables: "variable:value" pairs in codebook order, joined
// by ";" (the combination_counts macro's).
const combinationKey = (pairs) => pairsOf(new Map(pairs)).map(([name, value]) => `${name}:${value}`).join(';');

// Synthetic records holding every value of the selection (with `by`: and each value of `by`).
// The record total is the synthetic records table's number of rows; combinations of 1 to
// reporting_length values are counted in the release's synthetic_combination_counts (every such
// combination of the synthetic records); longer ones count the synthetic records themselves.
async function syntheticCounts(pairs, by = null) {
  const length = pairs.length + (by ? 1 : 0);
  if (length === 0) {
    return new Map([['', releaseTables(meta).find((table) => table.name === 'synthetic_cases').rows]]);
  }
  if (length <= reportingLength) {
    await loaded.get('synthetic_combination_counts');
    const keys = new Map(by
      ? variables.get(by).values.map(({ value }) => [combinationKey([...pairs, [by, value]]), value])
      : [[combinationKey(pairs), '']]);
    const found = await rows(`select combination_key as key, synthetic_count as n
      from synthetic_combination_counts where combination_length = ${length}
      and combination_key in (${[...keys.keys()].map(literal).join(', ')})`);
    return new Map(found.map((row) => [keys.get(row.key), Number(row.n)]));
  }
  await loaded.get('synthetic_cases');
  const value = by ? `cast(${ident(by)} as varchar)` : "''";
  const found = await rows(`select ${value} as value, count(*) as n from synthetic_cases
    where ${by ? `${ident(by)} is not null and ` : ''}${matching(pairs)} group by all`);
  return new Map(found.map((row) => [row.value, Number(row.n)]));
}

// All records: why the synthetic records outnumber the official total.
async function recordExpansion(official, synthetic) {
  const [{ ratio }] = await rows(`select cast(round(${synthetic} / ${official}, 2) as varchar) as ratio`);
  return `${formatCount(synthetic)} synthetic records for an official total of ${formatCount(official)}: `
    + `${ratio} times as many. The synthesizer shortens records that are rare as a whole and builds further `
    + 'records from the values it took out, so that every value keeps its official count: there are more '
    + 'records than people (the record expansion of the evaluation report).';
}

async function showFigures(pairs) {
  const [official, synthetic] = await Promise.all([officialFigures(pairs),
    syntheticCounts(pairs).then((counts) => counts.get('') ?? 0)]);
  const count = official.figures.get('');
  $('selection-text').textContent = `Selection: ${describe(pairs)}.`;
  $('official').textContent = count === undefined ? 'No official figure' : formatCount(count);
  $('official-why').textContent = official.why(count);
  $('synthetic').textContent = formatCount(synthetic);
  $('synthetic-why').textContent = !pairs.length && count !== undefined
    ? await recordExpansion(count, synthetic)
    : 'Approximate: synthetic records keep combinations of many values less faithfully.';
}

// ---- Charts: one per variable, official and synthetic side by side ------------------------
const barLength = {
  linear: (n, widest) => n / widest,
  log: (n, widest) => Math.log1p(n) / Math.log1p(widest),
};

function countCell(source, n, missing, widest) {
  const td = document.createElement('td');
  td.className = source;
  if (n === undefined) {
    td.textContent = missing;
    return td;
  }
  const box = td.appendChild(document.createElement('div'));
  box.className = 'count';
  const track = box.appendChild(document.createElement('span'));
  track.className = 'track';
  if (n >= k) {
    const bar = track.appendChild(document.createElement('span'));
    bar.className = 'bar';
    bar.style.width = `${(100 * barLength[state.scale](n, widest)).toFixed(2)}%`;
  }
  const number = box.appendChild(document.createElement('span'));
  number.className = 'n';
  number.textContent = formatCount(n);
  return td;
}

// The values of `by` under the rest of the selection, both sources; the table as rows of text.
async function chartData(by, pairs) {
  const others = pairs.filter(([name]) => name !== by);
  const [official, synthetic] = await Promise.all([officialFigures(others, by), syntheticCounts(others, by)]);
  const codebookOrder = variables.get(by).values;
  let shown = codebookOrder.filter(({ value }) => official.figures.has(value) || synthetic.get(value) >= k);
  if (state.order === 'count') {
    const key = ({ value }) => [official.figures.get(value) ?? -1, synthetic.get(value) ?? 0];
    shown = shown.map((v) => [key(v), v]).sort(([a], [b]) => b[0] - a[0] || b[1] - a[1]).map(([, v]) => v);
  }
  return { by, others, official, synthetic, shown, hidden: codebookOrder.length - shown.length };
}

function chartCard(data) {
  const { by, others, official, synthetic, shown, hidden } = data;
  const card = document.createElement('section');
  card.className = 'chart-card';
  card.dataset.by = by;
  card.setAttribute('aria-labelledby', `chart-title-${by}`);
  card.innerHTML = `<header><h3 id="chart-title-${by}"></h3>
    <button type="button" class="download"></button><button type="button" class="remove"></button></header>
    <p class="note" id="chart-note-${by}"></p><div class="scroll"><table class="chart" id="chart-${by}"></table></div>`;
  card.querySelector('h3').textContent = label(by);
  card.querySelector('.download').textContent = 'Download CSV';
  card.querySelector('.download').setAttribute('aria-label', `Download the table of ${label(by)} as CSV`);
  card.querySelector('.remove').textContent = 'Remove';
  card.querySelector('.remove').setAttribute('aria-label', `Remove the chart of ${label(by)}`);
  card.querySelector('.note').textContent = `${describe(others)}, by ${label(by)}.${official.note}${
    state.scale === 'log' ? ' Bar lengths on a logarithmic scale.' : ''}`;

  const table = card.querySelector('table');
  const head = table.createTHead().insertRow();
  for (const title of [`Value of ${label(by)}`, 'Official figure', 'Synthetic estimate']) {
    head.appendChild(document.createElement('th')).textContent = title;
  }
  const widest = Math.max(k, ...official.figures.values(), ...synthetic.values());
  const body = table.createTBody();
  for (const { value, label: text } of shown) {
    const row = body.insertRow();
    row.dataset.value = value;
    const th = row.appendChild(document.createElement('th'));
    th.scope = 'row';
    const button = th.appendChild(document.createElement('button'));
    button.type = 'button';
    button.className = 'value';
    button.textContent = text;
    button.title = `Add ${label(by)} = ${text} to the selection`;
    if (state.selection.get(by) === value) {
      row.className = 'selected';
      button.setAttribute('aria-pressed', 'true');
    }
    row.append(countCell('official', official.figures.get(value), official.missing, widest),
      countCell('synthetic', synthetic.get(value) ?? 0, '', widest));
  }
  if (hidden) {
    const note = table.createTFoot().insertRow().insertCell();
    note.colSpan = 3;
    note.textContent = `${hidden} other values: no official figure and fewer than ${k} synthetic records each.`;
  }
  body.addEventListener('click', (event) => {
    const row = event.target.closest('tr');
    if (!row) return;
    state.selection.set(by, row.dataset.value);
    commit();
  });
  card.querySelector('.remove').addEventListener('click', () => {
    state.charts = state.charts.filter((name) => name !== by);
    commit();
    $('add-chart').focus();
  });
  card.querySelector('.download').addEventListener('click', () => saveCsv(`${by}.csv`, [chartCsv(data)]));
  return card;
}

// The chart's table as CSV: the cells as shown, counts without thousands separators.
function chartCsv({ by, official, synthetic, shown }) {
  const lines = [[by, 'label', 'official_figure', 'synthetic_estimate']];
  for (const { value, label: text } of shown) {
    const count = official.figures.get(value);
    const n = synthetic.get(value) ?? 0;
    lines.push([value, text, count === undefined ? official.missing : String(count),
      n >= k ? String(n) : formatCount(n)]);
  }
  return `${lines.map((line) => line.map(csvField).join(',')).join('\n')}\n`;
}

async function showCharts(pairs) {
  const data = await Promise.all(state.charts.map((by) => chartData(by, pairs)));
  $('charts').replaceChildren(...data.map(chartCard));
}

// ---- Drawing: views are drawn one after the other, each from the state of its time ---------
let drawing = null; // the last view drawn or being drawn
function redraw() {
  drawing = drawing.then(draw).catch(report);
  return drawing;
}

async function draw() {
  const search = searchOf(state);
  syncControls();
  const pairs = pairsOf(state.selection);
  // Every query of the view is sent at once: DuckDB's worker runs them back to back.
  await Promise.all([showFigures(pairs), showCharts(pairs)]);
  document.body.dataset.drawn = search;
}

// ---- Controls ---------------------------------------------------------------------------
function buildControls() {
  for (const variable of meta.variables) {
    variables.set(variable.name, {
      ...variable, labels: new Map(variable.values.map(({ value, label: text }) => [value, text])),
    });
    const item = $('variables').appendChild(document.createElement('li'));
    item.className = 'variable';
    item.dataset.search = [variable.name, variable.label, variable.description,
      ...variable.values.map((v) => v.label)].join(' ').toLowerCase();
    item.innerHTML = `<label for="pick-${variable.name}"></label>
      <select id="pick-${variable.name}" aria-describedby="about-${variable.name}"><option value="">any</option></select>
      <details><summary>About <span class="visually-hidden"></span></summary><p id="about-${variable.name}"></p></details>`;
    item.querySelector('label').textContent = variable.label;
    item.querySelector('summary span').textContent = `${variable.label} (${variable.name})`;
    item.querySelector('p').textContent = variable.description;
    const select = item.querySelector('select');
    for (const { value, label: text } of variable.values) select.add(new Option(text, value));
    select.addEventListener('change', () => {
      if (select.value) state.selection.set(variable.name, select.value);
      else state.selection.delete(variable.name);
      commit();
    });
  }
  $('variable-search').addEventListener('input', () => {
    const words = $('variable-search').value.toLowerCase().split(/\s+/).filter(Boolean);
    for (const item of $('variables').children) {
      item.hidden = !words.every((word) => item.dataset.search.includes(word));
    }
  });
  $('clear').addEventListener('click', () => {
    state.selection.clear();
    commit();
  });
  $('add-chart').addEventListener('change', () => {
    if ($('add-chart').value) state.charts.push($('add-chart').value);
    commit();
  });
  $('order').addEventListener('change', () => { state.order = $('order').value; commit(); });
  $('scale').addEventListener('change', () => { state.scale = $('scale').value; commit(); });
  $('skip-link').addEventListener('click', (event) => {
    event.preventDefault(); // a fragment would be a history entry of its own
    $('figures').focus();
  });
  $('copy-link').addEventListener('click', copyLink);
}

// The controls show the state (after Back or Forward, or a link).
function syncControls() {
  for (const name of variables.keys()) $(`pick-${name}`).value = state.selection.get(name) ?? '';
  const add = $('add-chart');
  add.replaceChildren(new Option('(add a variable)', ''));
  for (const [name, variable] of variables) {
    if (!state.charts.includes(name)) add.add(new Option(variable.label, name));
  }
  $('order').value = state.order;
  $('scale').value = state.scale;
}

async function copyLink() {
  const link = location.href;
  try {
    await navigator.clipboard.writeText(link);
    $('copy-note').textContent = 'Link copied.';
  } catch {
    $('link-copy').hidden = false;
    $('link-copy').value = link;
    $('link-copy').select();
    $('copy-note').textContent = 'Copy the link below.';
  }
}

// ---- Files to take away -----------------------------------------------------------------
// A CSV field as DuckDB's COPY writes it: quoted where needed; NULL an empty field.
function csvField(text) {
  if (text === null || text === undefined) return '';
  return text === '' || /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function saveCsv(name, parts) {
  const url = URL.createObjectURL(new Blob(parts, { type: 'text/csv' }));
  const link = document.body.appendChild(document.createElement('a'));
  link.href = url;
  link.download = name;
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

// ---- The SQL box ------------------------------------------------------------------------
// The user's text runs as it is, inside DuckDB's query() table function: one SELECT-like
// statement and nothing else, every value turned into text by DuckDB itself (cast to VARCHAR).
// Only the rows shown cross over to the page.
const PAGE_ROWS = 100;
let sqlReady = false;
let shownSql = null;

const asText = (sql) => `select cast(columns(*) as varchar) from query(${literal(sql)})`;

function buildSqlBox() {
  $('table-names').textContent = releaseTables(meta).map((t) => t.name).join(', ');
  for (const example of meta.examples) $('example').add(new Option(example.name, example.name));
  $('example').addEventListener('change', () => {
    const example = meta.examples.find((e) => e.name === $('example').value);
    $('example-description').textContent = example?.description ?? '';
    if (example) $('sql').value = example.sql;
  });
  $('run').addEventListener('click', () => {
    state.sql = $('sql').value;
    commit();
    runSql(state.sql);
  });
  $('sql').addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !$('run').disabled) $('run').click();
  });
  $('download-result').addEventListener('click', () => downloadResult(shownSql));
}

function restoreSql() {
  if (state.sql === shownSql) return;
  $('sql').value = state.sql;
  if (state.sql) runSql(state.sql);
  else {
    shownSql = null;
    $('sql-result').replaceChildren();
    $('download-result').disabled = true;
  }
}

async function runSql(sql, offset = 0) {
  const out = $('sql-result');
  $('sql-status').textContent = 'Running…';
  out.setAttribute('aria-busy', 'true');
  try {
    const [{ n }] = await rows(`select count(*) as n from query(${literal(sql)})`);
    const page = await conn.query(`${asText(sql)} limit ${PAGE_ROWS} offset ${offset}`);
    out.replaceChildren(resultTable(page, Number(n), offset, sql));
    shownSql = sql;
    $('download-result').disabled = false;
    $('sql-status').textContent = `${formatRows(Number(n))}.`;
  } catch (error) {
    const { message, hint } = await explain(sql, error);
    const pre = document.createElement('pre');
    pre.className = 'error';
    pre.textContent = message;
    const advice = document.createElement('p');
    advice.className = 'note';
    advice.textContent = hint;
    out.replaceChildren(pre, advice);
    shownSql = null;
    $('download-result').disabled = true;
    $('sql-status').textContent = 'The query failed.';
  } finally {
    out.removeAttribute('aria-busy');
  }
}

const formatRows = (n) => `${n.toLocaleString('en-US')} ${n === 1 ? 'row' : 'rows'}`;
const messageOf = (error) => String(error?.message ?? error);

// DuckDB's message for the user's own text, not for the wrapper around it: preparing the text
// alone parses and binds it (running nothing), so line numbers and breaks are the user's.
async function explain(sql, error) {
  let message = messageOf(error);
  let prepared = true;
  try {
    const statement = await conn.prepare(sql);
    await statement.close();
  } catch (own) {
    message = messageOf(own);
    prepared = false;
  }
  // Positions in an error of the wrapped query would be the wrapper's: drop them.
  if (prepared) message = message.split(/\n\nLINE \d+:/)[0];
  const hints = [];
  if (/Expected a single SELECT statement|Cannot prepare multiple statements/.test(message)) {
    message = message.includes('multiple') ? message : 'Not a query: this box runs no statement that changes anything.';
    hints.push('The box runs one query (SELECT, WITH, FROM, DESCRIBE, SUMMARIZE…) over the release\'s tables.');
  }
  if (/\b[a-z][a-z0-9+.-]*:\/\//i.test(sql) || /Permission Error|extension/i.test(message)) {
    hints.push('This page works offline: it reads only the release\'s tables, never a file, a URL or an extension.');
  }
  return { message, hint: hints.join(' ') };
}

function resultTable(page, total, offset, sql) {
  const table = document.createElement('table');
  const head = table.createTHead().insertRow();
  const columns = page.schema.fields.map((field, i) => [field.name, page.getChildAt(i)]);
  for (const [name] of columns) head.appendChild(document.createElement('th')).textContent = name;
  const body = table.createTBody();
  for (let r = 0; r < page.numRows; r += 1) {
    const tr = body.insertRow();
    for (const [, column] of columns) {
      const value = column.get(r);
      const td = tr.insertCell();
      td.textContent = value ?? 'NULL';
      if (value === null) td.className = 'null';
    }
  }
  const caption = table.createCaption();
  caption.textContent = total > page.numRows
    ? `Rows ${(offset + 1).toLocaleString('en-US')}–${(offset + page.numRows).toLocaleString('en-US')} of ${formatRows(total)}`
    : formatRows(total);
  for (const [text, start] of [['Previous rows', offset - PAGE_ROWS], ['Next rows', offset + PAGE_ROWS]]) {
    if (start < 0 || start >= total) continue;
    const button = caption.appendChild(document.createElement('button'));
    button.type = 'button';
    button.textContent = text;
    button.addEventListener('click', () => runSql(sql, start));
  }
  return table;
}

// The whole result as CSV, streamed batch by batch so that the page stays responsive.
async function downloadResult(sql) {
  $('sql-status').textContent = 'Preparing the CSV…';
  const reader = await conn.send(asText(sql), true);
  const parts = [];
  let header = null;
  for await (const batch of reader) {
    const columns = batch.schema.fields.map((_, i) => batch.getChildAt(i));
    header ??= `${batch.schema.fields.map((field) => csvField(field.name)).join(',')}\n`;
    const lines = [];
    for (let r = 0; r < batch.numRows; r += 1) lines.push(columns.map((column) => csvField(column.get(r))).join(','));
    if (lines.length) parts.push(`${lines.join('\n')}\n`);
  }
  saveCsv('query-result.csv', [header ?? '', ...parts]);
  $('sql-status').textContent = 'CSV saved.';
}

// ---- Start ------------------------------------------------------------------------------
function report(error) {
  $('status').textContent = `The explorer stopped: ${messageOf(error)}`;
  $('status').className = 'error';
  console.error(error);
}

// Every table of the release, in the order views need them; then DuckDB is locked down. Each
// download starts when the table before it starts loading (the first two at once), so that
// none slows down DuckDB's own download.
function loadTables(tables) {
  const rank = (name) => (VIEW_TABLES.includes(name) ? VIEW_TABLES.indexOf(name) : VIEW_TABLES.length);
  const ordered = [...tables].sort((a, b) => rank(a.name) - rank(b.name));
  const downloads = [];
  const fetched = (i) => { downloads[i] ??= download(ordered[i].url); return downloads[i]; };
  fetched(0);
  fetched(1);
  let previous = starting.then((database) => { conn = database.conn; return database; });
  ordered.forEach((table, i) => {
    previous = previous.then(async (database) => {
      if (i + 1 < ordered.length) fetched(i + 1);
      await loadTable(database, table, fetched(i));
      return database;
    });
    loaded.set(table.name, previous);
  });
  return previous.then((database) => lockDown(database.conn));
}

async function main() {
  performance.mark('explorer:start');
  meta = await metaLoading;
  k = Number(meta.parameters.k);
  reportingLength = Number(meta.parameters.reporting_length);
  const lockedDown = loadTables(releaseTables(meta));
  // The page is laid out and its controls work while DuckDB starts; a view waits for its tables.
  buildControls();
  buildSqlBox();
  readUrl(location.search);
  history.replaceState(null, '', searchOf(state) || location.pathname); // the link as the page reads it
  $('sql').value = state.sql;
  syncControls();
  drawing = Promise.resolve();
  await redraw();
  document.body.dataset.ready = String(Math.round(performance.now()));
  $('status').textContent = `Ready: k = ${k}, reporting length = ${reportingLength}.`;
  await lockedDown;
  sqlReady = true;
  $('run').disabled = false;
  $('sql-status').textContent = '';
  if (state.sql) runSql(state.sql);
}

main().catch((error) => {
  $('status').textContent = `The explorer could not start: ${messageOf(error)}`;
  $('status').className = 'error';
  throw error;
});
