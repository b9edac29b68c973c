// Build the explorer into OUT_DIR: bundle src/main.js and its modules (DuckDB-WASM imports bare
// package names, so a browser cannot load it as is) and copy the page and DuckDB-WASM's worker and
// WebAssembly module beside it. Only the "eh" build is shipped: current Chromium and Firefox run it.
// Usage: node build.mjs OUT_DIR
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';

const out = process.argv[2];
if (!out) throw new Error('usage: node build.mjs OUT_DIR');
mkdirSync(out, { recursive: true });
const here = new URL('.', import.meta.url).pathname;
const duckdbDist = join(here, 'node_modules/@duckdb/duckdb-wasm/dist');

await esbuild.build({
  entryPoints: [join(here, 'src/main.js')],
  outfile: join(out, 'explorer.js'),
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  logLevel: 'warning',
});
copyFileSync(join(here, 'src/index.html'), join(out, 'index.html'));
for (const file of ['duckdb-eh.wasm', 'duckdb-browser-eh.worker.js']) {
  copyFileSync(join(duckdbDist, file), join(out, file));
}
