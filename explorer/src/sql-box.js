// The SQL box: the user's text runs as it is, inside DuckDB's query() table function, which
// takes one SELECT-like statement and nothing else; DuckDB turns every value into text itself
// (cast to VARCHAR), so the page prints exactly what DuckDB writes, whatever the type. Only the
// rows shown cross over to the page; the whole result can be saved as CSV.
import { arrow, batches, check, literal, rows } from './database';
import { csvField, saveCsv } from './csv';
import { releaseTables, release } from './release';

const $ = (id) => document.getElementById(id);
const PAGE_ROWS = 100;
let ready = false; // every table loaded and DuckDB locked down
let shownSql = null; // the query whose result is shown

const asText = (sql) => `select cast(columns(*) as varchar) from query(${literal(sql)})`;
const formatRows = (n) => `${n.toLocaleString('en-US')} ${n === 1 ? 'row' : 'rows'}`;
export const messageOf = (error) => String(error?.message ?? error);

// run(sql) is called with the box's text when the user runs it.
export function buildSqlBox(run) {
  $('table-names').textContent = releaseTables().map((t) => t.name).join(', ');
  for (const example of release.meta.examples) $('example').add(new Option(example.name, example.name));
  $('example').addEventListener('change', () => {
    const example = release.meta.examples.find((e) => e.name === $('example').value);
    $('example-description').textContent = example?.description ?? '';
    if (example) $('sql').value = example.sql;
  });
  $('run').addEventListener('click', () => run($('sql').value));
  $('sql').addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !$('run').disabled) $('run').click();
  });
  $('download-result').addEventListener('click', () => downloadResult(shownSql));
}

// Once DuckDB is locked down: the box opens, and runs the query of the view, if any.
export function openSqlBox(sql) {
  ready = true;
  $('run').disabled = false;
  $('sql-status').textContent = '';
  if (sql) runSql(sql);
}

// The box shows the query of the view (after Back or Forward, or a link) and its result.
export function showSql(sql) {
  $('sql').value = sql;
  if (!ready || sql === shownSql) return;
  if (sql) runSql(sql);
  else {
    shownSql = null;
    $('sql-result').replaceChildren();
    $('download-result').disabled = true;
  }
}

export async function runSql(sql, offset = 0) {
  const out = $('sql-result');
  $('sql-status').textContent = 'Running…';
  out.setAttribute('aria-busy', 'true');
  try {
    const [{ n }] = await rows(`select count(*) as n from query(${literal(sql)})`);
    const page = await arrow(`${asText(sql)} limit ${PAGE_ROWS} offset ${offset}`);
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

// DuckDB's message for the user's own text, not for the wrapper around it: checking the text
// alone parses and binds it (running nothing), so line numbers and breaks are the user's.
async function explain(sql, error) {
  let message = messageOf(error);
  let checked = true;
  try {
    await check(sql);
  } catch (own) {
    message = messageOf(own);
    checked = false;
  }
  // Positions in an error of the wrapped query would be the wrapper's: drop them.
  if (checked) message = message.split(/\n\nLINE \d+:/)[0];
  const hints = [];
  if (/Expected a single SELECT statement|Cannot prepare multiple statements/.test(message)) {
    if (!message.includes('multiple')) message = 'Not a query: this box runs no statement that changes anything.';
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
  const reader = await batches(asText(sql));
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
