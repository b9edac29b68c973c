// The release explorer: DuckDB-WASM over the release's own CSV files (one folder up from the
// page). explorer.json, written by scripts/build_explorer.py, lists the variables with their
// data-dictionary label and description, the release's tables with their column types, and the
// worked questions of analyses/. k and the reporting length come from release_parameters.
import * as duckdb from '@duckdb/duckdb-wasm';

const $ = (id) => document.getElementById(id);
const here = (path) => new URL(path, document.baseURI).href;
const ident = (name) => `"${name.replaceAll('"', '""')}"`;
const text = (value) => `'${String(value).replaceAll("'", "''")}'`;
// Loaded before the first view; the other tables load in the background for the SQL box.
const FIRST_VIEW_TABLES = ['release_parameters', 'reportable_aggregates', 'synthetic_cases'];

let conn; // the one DuckDB connection
let meta; // explorer.json
let k; let reportingLength;
const values = {}; // variable -> its published values, as text
const selection = new Map(); // variable -> chosen value

async function query(sql, params = []) {
  const statement = await conn.prepare(sql);
  try {
    return (await statement.query(...params)).toArray().map((row) => row.toJSON());
  } finally {
    await statement.close();
  }
}

async function openDatabase() {
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), new Worker(here('duckdb-browser-eh.worker.js')));
  await db.instantiate(here('duckdb-eh.wasm'));
  return db;
}

// Make a downloaded release CSV a table with the types the release declares.
async function loadTable(db, downloading, table) {
  const bytes = await downloading;
  await db.registerFileBuffer(table.file, bytes);
  const columns = table.columns.map(([name, type]) => `${text(name)}: ${text(type)}`).join(', ');
  await conn.query(`create table ${ident(table.name)} as select * from read_csv(${text(table.file)},
    auto_detect = false, header = true, delim = ',', quote = '"', escape = '"', columns = {${columns}})`);
  await db.dropFile(table.file);
  performance.mark(`explorer:loaded ${table.name}`);
}

async function download(file) {
  const response = await fetch(here(`../${file}`));
  if (!response.ok) throw new Error(`${file}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

function formatCount(n) {
  return n < k ? `fewer than ${k}` : n.toLocaleString('en-US');
}

// SQL condition and parameters matching every chosen value of `pairs` ([variable, value]).
function matching(pairs) {
  return {
    sql: pairs.map(([name]) => `cast(${ident(name)} as varchar) = ?`).concat('true').join(' and '),
    params: pairs.map(([, value]) => value),
  };
}

function describe(pairs) {
  const label = (name) => meta.variables.find((v) => v.name === name).label;
  return pairs.length ? pairs.map(([name, value]) => `${label(name)} = ${value}`).join('; ') : 'all records';
}

async function officialFigure(pairs) {
  if (pairs.length > reportingLength) {
    return { why: `Official figures exist for combinations of at most ${reportingLength} values; this selection has ${pairs.length}. See the synthetic estimate.` };
  }
  const where = matching(pairs);
  const [row] = await query(`select reported_count from reportable_aggregates
    where combination_length = ${pairs.length} and ${where.sql}`, where.params);
  if (!row) {
    return { why: `Fewer than ${k} records share this combination (possibly none), so it is not published.` };
  }
  return { count: Number(row.reported_count), why: `Rounded down to a multiple of ${k}.` };
}

async function syntheticCount(pairs) {
  const where = matching(pairs);
  const [row] = await query(`select count(*) as n from synthetic_cases where ${where.sql}`, where.params);
  return Number(row.n);
}

async function showFigures() {
  const pairs = [...selection];
  $('selection-text').textContent = `Selection: ${describe(pairs)}.`;
  const official = await officialFigure(pairs);
  $('official').textContent = official.count === undefined ? 'No official figure' : formatCount(official.count);
  $('official-why').textContent = official.why;
  const synthetic = await syntheticCount(pairs);
  $('synthetic').textContent = formatCount(synthetic);
  $('synthetic-why').textContent = 'Approximate: synthetic records keep combinations of many values less faithfully.';
}

// Bar chart as a table: the values of `by` under the rest of the selection, both sources.
async function showChart() {
  const by = $('by').value;
  const pairs = [...selection].filter(([name]) => name !== by);
  const where = matching(pairs);
  const grouped = (sql) => query(sql, where.params).then(
    (rows) => new Map(rows.map((row) => [row.value, Number(row.n)])));
  const hasOfficial = pairs.length + 1 <= reportingLength;
  const official = hasOfficial ? await grouped(`select cast(${ident(by)} as varchar) as value, reported_count as n
    from reportable_aggregates where combination_length = ${pairs.length + 1} and ${ident(by)} is not null and ${where.sql}`)
    : new Map();
  const synthetic = await grouped(`select cast(${ident(by)} as varchar) as value, count(*) as n
    from synthetic_cases where ${ident(by)} is not null and ${where.sql} group by all`);
  const widest = Math.max(k, ...official.values(), ...synthetic.values());
  const cell = (source, n) => {
    const td = document.createElement('td');
    td.className = source;
    if (n === undefined && source === 'official') {
      td.textContent = hasOfficial ? 'not published' : 'no official figure';
    } else {
      const count = n ?? 0;
      if (count >= k) {
        const bar = td.appendChild(document.createElement('span'));
        bar.className = 'bar';
        bar.style.width = `${(12 * count) / widest}rem`;
      }
      td.append(formatCount(count));
    }
    return td;
  };
  const table = $('chart');
  table.replaceChildren();
  const head = table.createTHead().insertRow();
  for (const title of [`Value of ${by}`, 'Official figure', 'Synthetic estimate']) {
    head.appendChild(document.createElement('th')).textContent = title;
  }
  // Values with a figure in neither source are summed up in one line: a long list of
  // "fewer than k" rows (e.g. countries) would hide the ones that have a figure.
  const shown = values[by].filter((value) => official.has(value) || synthetic.get(value) >= k);
  const body = table.createTBody();
  for (const value of shown) {
    const row = body.insertRow();
    row.appendChild(document.createElement('th')).textContent = value;
    row.append(cell('official', official.get(value)), cell('synthetic', synthetic.get(value)));
  }
  const others = values[by].length - shown.length;
  if (others) {
    const note = table.createTFoot().insertRow().insertCell();
    note.colSpan = 3;
    note.textContent = `${others} other values: no official figure and fewer than ${k} synthetic records each.`;
  }
  $('chart-note').textContent = `${describe(pairs)}, by ${meta.variables.find((v) => v.name === by).label}.`
    + (hasOfficial ? '' : ` No official figures: with ${by} the combination would have more than ${reportingLength} values.`);
}

function writeUrl() {
  const params = new URLSearchParams([...selection]);
  params.set('by', $('by').value);
  history.replaceState(null, '', `?${params}`);
}

// Restore the selection and the chart variable from the URL; say what was ignored.
function readUrl() {
  const ignored = [];
  for (const [name, value] of new URLSearchParams(location.search)) {
    if (name === 'by' && values[value]) $('by').value = value;
    else if (values[name]?.includes(value)) {
      selection.set(name, value);
      $(`pick-${name}`).value = value;
    } else ignored.push(`${name}=${value}`);
  }
  $('link-note').hidden = !ignored.length;
  $('link-note').textContent = `Ignored from the link (not a published variable and value): ${ignored.join(', ')}.`;
}

// Views are drawn one after the other, each from the selection of its time, so quick changes
// cannot interleave and the last one drawn matches the controls.
let drawing = Promise.resolve();
function update() {
  drawing = drawing.then(async () => {
    writeUrl();
    await showFigures();
    await showChart();
  });
  return drawing;
}

function buildControls() {
  for (const variable of meta.variables) {
    const box = $('variables').appendChild(document.createElement('div'));
    box.className = 'variable';
    box.innerHTML = `<label for="pick-${variable.name}"></label>
      <select id="pick-${variable.name}" aria-describedby="about-${variable.name}"><option value="">any</option></select>
      <details><summary>About <span class="visually-hidden"></span></summary><p id="about-${variable.name}"></p></details>`;
    box.querySelector('label').textContent = variable.label;
    box.querySelector('summary span').textContent = `${variable.label} (${variable.name})`;
    box.querySelector('p').textContent = variable.description;
    const select = box.querySelector('select');
    for (const value of values[variable.name]) select.add(new Option(value, value));
    select.addEventListener('change', () => {
      if (select.value) selection.set(variable.name, select.value);
      else selection.delete(variable.name);
      update();
    });
    $('by').add(new Option(variable.label, variable.name));
  }
  $('by').addEventListener('change', update);
  $('clear').addEventListener('click', () => {
    selection.clear();
    for (const select of $('variables').querySelectorAll('select')) select.value = '';
    update();
  });
}

async function loadValues() {
  const rows = await query('select * from reportable_aggregates where combination_length = 1');
  for (const { name } of meta.variables) {
    values[name] = rows.filter((row) => row[name] !== null).map((row) => String(row[name]))
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  }
}

// The SQL box runs one query wrapped as a subquery, prepared (so a single statement): nothing
// but a read can run, and the tables are this page's in-memory copies anyway.
function buildSqlBox(allLoaded) {
  $('table-names').textContent = meta.tables.map((t) => t.name).join(', ');
  for (const example of meta.examples) $('example').add(new Option(example.name, example.name));
  $('example').addEventListener('change', () => {
    const example = meta.examples.find((e) => e.name === $('example').value);
    $('example-description').textContent = example?.description ?? '';
    if (example) $('sql').value = example.sql;
  });
  $('run').addEventListener('click', async () => {
    const out = $('sql-result');
    out.textContent = 'Running…';
    try {
      await allLoaded;
      const sql = $('sql').value.trim().replace(/;\s*$/, '');
      out.replaceChildren(resultTable(await query(`select * from (\n${sql}\n)`)));
    } catch (error) {
      out.innerHTML = '<p class="error"></p>';
      out.firstChild.textContent = String(error.message ?? error);
    }
  });
  allLoaded.then(() => { $('run').disabled = false; });
}

const SHOWN_ROWS = 1000; // more would only slow the page down; LIMIT or aggregate instead

function resultTable(rows) {
  const table = document.createElement('table');
  const columns = rows.length ? Object.keys(rows[0]) : [];
  const head = table.createTHead().insertRow();
  for (const column of columns) head.appendChild(document.createElement('th')).textContent = column;
  const body = table.createTBody();
  for (const row of rows.slice(0, SHOWN_ROWS)) {
    const tr = body.insertRow();
    for (const column of columns) tr.insertCell().textContent = row[column] ?? '';
  }
  table.createCaption().textContent = rows.length > SHOWN_ROWS
    ? `${rows.length} rows, the first ${SHOWN_ROWS} shown` : `${rows.length} rows`;
  return table;
}

async function main() {
  performance.mark('explorer:start');
  // Compile DuckDB (in its worker) while the page downloads the release files.
  const database = openDatabase();
  meta = await (await fetch(here('explorer.json'))).json();
  const firstTables = FIRST_VIEW_TABLES.map((name) => meta.tables.find((t) => t.name === name));
  const firstDownloads = firstTables.map((table) => download(table.file));
  const db = await database;
  conn = await db.connect();
  performance.mark('explorer:database-ready');
  for (const [i, table] of firstTables.entries()) await loadTable(db, firstDownloads[i], table);
  const [parameters] = await query('select k, reporting_length from release_parameters');
  [k, reportingLength] = [Number(parameters.k), Number(parameters.reporting_length)];
  await loadValues();
  buildControls();
  readUrl();
  await update();
  // The other tables only serve the SQL box: load them once the first view is up.
  const rest = meta.tables.filter((t) => !FIRST_VIEW_TABLES.includes(t.name));
  buildSqlBox(rest.reduce((previous, table) => previous.then(() => loadTable(db, download(table.file), table)),
    Promise.resolve()));
  $('status').textContent = `Ready: k = ${k}, reporting length = ${reportingLength}.`;
  document.body.dataset.ready = String(Math.round(performance.now()));
}

main().catch((error) => {
  $('status').textContent = `The explorer could not start: ${error.message ?? error}`;
  $('status').className = 'error';
  throw error;
});
