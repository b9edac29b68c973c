// Charts: one variable's values under the rest of the selection, official figure and synthetic
// estimate side by side, as a table with bars (readable by screen readers, no sideways scroll).
import { csvField, saveCsv } from './csv';
import { formatCount, officialFigures, syntheticCounts } from './figures';
import { describe, label, release } from './release';

const barLength = {
  linear: (n, widest) => n / widest,
  log: (n, widest) => Math.log1p(n) / Math.log1p(widest),
};

// The values of `by` under the rest of the selection, both sources, in `order`.
export async function chartData(by, pairs, order) {
  const { k } = release;
  const others = pairs.filter(([name]) => name !== by);
  const [official, synthetic] = await Promise.all([officialFigures(others, by), syntheticCounts(others, by)]);
  const codebookOrder = release.variables.get(by).values;
  let shown = codebookOrder.filter(({ value }) => official.figures.has(value) || synthetic.get(value) >= k);
  if (order === 'count') {
    const key = ({ value }) => [official.figures.get(value) ?? -1, synthetic.get(value) ?? 0];
    shown = shown.map((v) => [key(v), v]).sort(([a], [b]) => b[0] - a[0] || b[1] - a[1]).map(([, v]) => v);
  }
  return { by, others, official, synthetic, shown, hidden: codebookOrder.length - shown.length };
}

function countCell(source, n, missing, widest, scale) {
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
  if (n >= release.k) {
    const bar = track.appendChild(document.createElement('span'));
    bar.className = 'bar';
    bar.style.width = `${(100 * barLength[scale](n, widest)).toFixed(2)}%`;
  }
  const number = box.appendChild(document.createElement('span'));
  number.className = 'n';
  number.textContent = formatCount(n);
  return td;
}

// The chart of chartData(): `selected` is the value of `by` in the selection, if any; a click
// on a row calls pick(value), the Remove button remove().
export function chartCard(data, { scale, selected, pick, remove }) {
  const { by, others, official, synthetic, shown, hidden } = data;
  const { k } = release;
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
    scale === 'log' ? ' Bar lengths on a logarithmic scale.' : ''}`;

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
    if (selected === value) {
      row.className = 'selected';
      button.setAttribute('aria-pressed', 'true');
    }
    row.append(countCell('official', official.figures.get(value), official.missing, widest, scale),
      countCell('synthetic', synthetic.get(value) ?? 0, '', widest, scale));
  }
  if (hidden) {
    const note = table.createTFoot().insertRow().insertCell();
    note.colSpan = 3;
    note.textContent = `${hidden} other values: no official figure and ${
      release.dp ? 'no synthetic record' : `fewer than ${k} synthetic records`} each.`;
  }
  body.addEventListener('click', (event) => {
    const row = event.target.closest('tr');
    if (row) pick(row.dataset.value);
  });
  card.querySelector('.remove').addEventListener('click', remove);
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
      n >= release.k ? String(n) : formatCount(n)]);
  }
  return `${lines.map((line) => line.map(csvField).join(',')).join('\n')}\n`;
}
