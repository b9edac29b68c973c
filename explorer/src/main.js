// The release explorer: DuckDB-WASM over the release's own CSV files (one folder up from the
// page), offline. This module holds the view (selection, charts, query) and its URL, the
// controls and the start; database.js runs DuckDB, release.js reads explorer.json, figures.js
// and charts.js draw the numbers, sql-box.js runs the user's queries.
import { chartCard, chartData } from './charts';
import { loadTables, startDatabase } from './database';
import { showFigures } from './figures';
import { pairsOf, readRelease, release, releaseTables } from './release';
import { buildSqlBox, messageOf, openSqlBox, runSql, showSql } from './sql-box';

// DuckDB starts first, while the page renders: compiling and starting it is most of the wait.
const starting = startDatabase();
const reading = readRelease();

const $ = (id) => document.getElementById(id);
const ORDERS = ['codebook', 'count'];
const SCALES = ['linear', 'log'];
const DEFAULT_CHARTS = 2;

// ---- The view: selection, charts and query, all in the URL --------------------------------
const state = { selection: new Map(), charts: [], order: ORDERS[0], scale: SCALES[0], sql: '' };

function searchOf({ selection, charts, order, scale, sql }) {
  const params = new URLSearchParams(pairsOf(selection));
  for (const name of charts) params.append('by', name);
  if (order !== ORDERS[0]) params.set('order', order);
  if (scale !== SCALES[0]) params.set('scale', scale);
  if (sql) params.set('sql', sql);
  const search = params.toString();
  return search ? `?${search}` : '';
}

// The view a URL describes; what it names that the release does not publish is listed.
function readUrl(search) {
  const { variables } = release;
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
  showSql(state.sql);
});

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
  const [, charts] = await Promise.all([showFigures(pairs),
    Promise.all(state.charts.map((by) => chartData(by, pairs, state.order)))]);
  $('charts').replaceChildren(...charts.map((data) => chartCard(data, {
    scale: state.scale,
    selected: state.selection.get(data.by),
    pick: (value) => { state.selection.set(data.by, value); commit(); },
    remove: () => {
      state.charts = state.charts.filter((name) => name !== data.by);
      commit();
      $('add-chart').focus();
    },
  })));
  document.body.dataset.drawn = search;
}

function report(error) {
  $('status').textContent = `The explorer stopped: ${messageOf(error)}`;
  $('status').className = 'error';
  console.error(error);
}

// ---- Controls ---------------------------------------------------------------------------
function buildControls() {
  for (const [name, variable] of release.variables) {
    const item = $('variables').appendChild(document.createElement('li'));
    item.className = 'variable';
    item.dataset.search = [name, variable.label, variable.description, ...variable.values.map((v) => v.label)]
      .join(' ').toLowerCase();
    item.innerHTML = `<label for="pick-${name}"></label>
      <select id="pick-${name}" aria-describedby="about-${name}"><option value="">any</option></select>
      <details><summary>About <span class="visually-hidden"></span></summary><p id="about-${name}"></p></details>`;
    item.querySelector('label').textContent = variable.label;
    item.querySelector('summary span').textContent = `${variable.label} (${name})`;
    item.querySelector('p').textContent = variable.description;
    const select = item.querySelector('select');
    for (const { value, label } of variable.values) select.add(new Option(label, value));
    select.addEventListener('change', () => {
      if (select.value) state.selection.set(name, select.value);
      else state.selection.delete(name);
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
  buildSqlBox((sql) => {
    state.sql = sql;
    commit();
    runSql(sql);
  });
}

// The controls show the view (after Back or Forward, or a link).
function syncControls() {
  for (const name of release.variables.keys()) $(`pick-${name}`).value = state.selection.get(name) ?? '';
  const add = $('add-chart');
  add.replaceChildren(new Option('(add a variable)', ''));
  for (const [name, variable] of release.variables) {
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

// A DP release's official figures are DP counts with their noise, not counts rounded to k.
function describeDpRelease() {
  const { epsilon, delta } = release.meta.parameters;
  $('source-note').textContent = `Official figures come from the DP aggregates: counts with noise added (epsilon = ${
    epsilon}, delta = ${delta}), shown with the standard deviation of their noise; combinations too rare to tell `
    + 'from the noise are not published. Estimates come from synthetic case records built from those counts alone. '
    + "Everything runs in this browser, on the release's own files, offline.";
  $('official-label').textContent = 'Official figure (DP aggregates)';
}

// ---- Start ------------------------------------------------------------------------------
async function main() {
  performance.mark('explorer:start');
  await reading;
  if (release.dp) describeDpRelease();
  const lockedDown = loadTables(starting, releaseTables());
  // The page is laid out and its controls work while DuckDB starts; a view waits for its tables.
  buildControls();
  readUrl(location.search);
  history.replaceState(null, '', searchOf(state) || location.pathname); // the link as the page reads it
  showSql(state.sql);
  drawing = Promise.resolve();
  await redraw();
  document.body.dataset.ready = String(Math.round(performance.now()));
  const model = release.dp ? `differential privacy, epsilon = ${release.meta.parameters.epsilon}` : `k = ${release.k}`;
  $('status').textContent = `Ready: ${model}, reporting length = ${release.reportingLength}.`;
  await lockedDown;
  openSqlBox(state.sql);
}

main().catch((error) => {
  $('status').textContent = `The explorer could not start: ${messageOf(error)}`;
  $('status').className = 'error';
  throw error;
});
