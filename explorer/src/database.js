// DuckDB-WASM for the explorer: started once, in its worker; the release's tables loaded one
// after the other, in the order views need them; then locked down, so that no query can reach
// a file, a URL or an extension.
import * as duckdb from '@duckdb/duckdb-wasm';

export const here = (path) => new URL(path, document.baseURI).href;
export const ident = (name) => `"${name.replaceAll('"', '""')}"`;
export const literal = (value) => `'${String(value).replaceAll("'", "''")}'`;

// What views read first: the official figures, then the synthetic counts of short combinations
// (a small table), then the synthetic records (for longer selections). The other tables serve
// the SQL box only.
const VIEW_TABLES = ['reportable_aggregates', 'dp_aggregates', 'synthetic_combination_counts', 'synthetic_cases',
  'dp_synthetic_cases'];

export const loaded = new Map(); // table name -> its load (a promise)
let conn; // the one connection

export async function startDatabase() {
  const worker = new Worker(here('duckdb-browser-eh.worker.js'));
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await db.instantiate(here('duckdb-eh.wasm'));
  const connection = await db.connect();
  // No extension is ever installed or loaded: the page reaches nothing beyond its own files.
  await connection.query('set autoinstall_known_extensions = false');
  await connection.query('set autoload_known_extensions = false');
  performance.mark('explorer:database-ready');
  return { db, conn: connection };
}

async function download(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

// A downloaded release CSV becomes a table with the types the release declares.
async function loadTable({ db, conn: connection }, table, downloading) {
  const file = `${table.name}.csv`;
  await db.registerFileBuffer(file, await downloading);
  const columns = table.columns.map(([name, type]) => `${literal(name)}: ${literal(type)}`).join(', ');
  await connection.query(`create table ${ident(table.name)} as select * from read_csv(${literal(file)},
    auto_detect = false, header = true, delim = ',', quote = '"', escape = '"', columns = {${columns}})`);
  await db.dropFile(file);
  performance.mark(`explorer:loaded ${table.name}`);
}

// Once the release's files are in, DuckDB may open no file, URL or extension any more, and the
// configuration is locked: no query can turn any of it back on.
async function lockDown(connection) {
  for (const setting of ['enable_external_access = false', 'allow_community_extensions = false',
    'lock_configuration = true']) {
    await connection.query(`set ${setting}`);
  }
}

// Every table of the release (releaseTables()), in the order views need them, in `loaded` as
// it comes; resolves once DuckDB is locked down. Each download starts when the table before it
// starts loading (the first two at once), so that none slows down DuckDB's own download.
export function loadTables(starting, tables) {
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

// A query's rows as plain objects: one round trip to DuckDB's worker (values are SQL literals,
// not parameters of a prepared statement, which would take three).
export async function rows(sql) {
  return (await conn.query(sql)).toArray().map((row) => row.toJSON());
}

export const arrow = (sql) => conn.query(sql); // an Arrow table
export const batches = (sql) => conn.send(sql, true); // Arrow record batches as they come

// Parses and binds a statement without running it; throws DuckDB's error for it.
export async function check(sql) {
  const statement = await conn.prepare(sql);
  await statement.close();
}
