// Release builds: minifies the wasm-bindgen module Trunk emits (Trunk's own `minify` covers the
// HTML and CSS, not this file), 8.1 -> 6.1 KB brotli. index.html loads the module with a
// Subresource Integrity hash, so that hash is replaced by the minified file's.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { minify } from 'terser';

const sha384 = (text) => `sha384-${createHash('sha384').update(text, 'utf8').digest('base64')}`;

export async function minifyAppModule(dist) {
  const name = readdirSync(dist).find((file) => /^konnect-service-hub-[0-9a-f]+\.js$/.test(file));
  if (!name) throw new Error(`minify-js: no hashed app module in ${dist}`);
  const file = join(dist, name);
  const source = readFileSync(file, 'utf8');
  const { code } = await minify(source, { module: true, compress: { passes: 2 }, mangle: true });
  if (!code) throw new Error(`minify-js: terser returned nothing for ${name}`);

  const indexFile = join(dist, 'index.html');
  const html = readFileSync(indexFile, 'utf8');
  const before = sha384(source);
  if (!html.includes(before)) throw new Error(`minify-js: index.html has no integrity ${before} for ${name}`);
  writeFileSync(file, code);
  writeFileSync(indexFile, html.replaceAll(before, sha384(code)));
  console.log(`minify-js: ${name} ${source.length} -> ${code.length} bytes`);
}
