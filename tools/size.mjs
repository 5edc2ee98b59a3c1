// Prints the raw, gzip (-9) and brotli (-q 11) size of every file in a directory, and the totals.
// Usage: node tools/size.mjs dist
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const root = process.argv[2] ?? 'dist';
const files = (function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
})(root).sort();

const rows = files.map((path) => {
  const bytes = readFileSync(path);
  return {
    file: relative(root, path),
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }).length,
  };
});
const total = rows.reduce((sum, row) => ({ file: 'total', raw: sum.raw + row.raw, gzip: sum.gzip + row.gzip, brotli: sum.brotli + row.brotli }), { raw: 0, gzip: 0, brotli: 0 });

const width = Math.max(...[...rows, total].map((row) => row.file.length), 4);
const fmt = (n) => n.toLocaleString('en-US').padStart(11);
console.log(`${'file'.padEnd(width)} ${'raw'.padStart(11)} ${'gzip'.padStart(11)} ${'brotli'.padStart(11)}`);
for (const row of [...rows, total]) {
  if (row === total) console.log('-'.repeat(width + 36));
  console.log(`${row.file.padEnd(width)} ${fmt(row.raw)} ${fmt(row.gzip)} ${fmt(row.brotli)}`);
}

// What a host page downloads to embed the app: the entry, the module and wasm it shares with
// index.html, and the stylesheets the entry adds (all but page.css).
const entry = rows.find((row) => row.file === 'konnect-service-hub.js');
if (entry) {
  const shared = rows.filter((row) => /^konnect-service-hub-[0-9a-f]+(_bg\.wasm|\.js)$/.test(row.file));
  const styles = rows.filter((row) => row.file.endsWith('.css') && !row.file.startsWith('page-'));
  const embed = [entry, ...shared, ...styles].reduce((sum, row) => sum + row.brotli, 0);
  console.log('');
  console.log(`embed entry konnect-service-hub.js: ${fmt(entry.brotli).trim()} B brotli, sharing ${shared.map((row) => row.file).join(' and ')}`);
  console.log(`a host page downloads in total:    ${fmt(embed).trim()} B brotli (entry + shared module and wasm + ${styles.length} stylesheets)`);
}
