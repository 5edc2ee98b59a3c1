// Release builds (tools/post-build.mjs): adds a Content-Security-Policy <meta> to index.html.
//
// Trunk loads the app with an inline module script. Rather than allowing 'unsafe-inline', the
// policy allows exactly that script by its SHA-256 hash, so any other inline script is refused.
// 'wasm-unsafe-eval' lets the page compile its own WebAssembly, and nothing else.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function addContentSecurityPolicy(dist) {
  const file = join(dist, 'index.html');
  const html = readFileSync(file, 'utf8');

  const inlineScripts = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
  const hashes = inlineScripts.map((body) => `'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`);

  const policy = [
    "default-src 'self'",
    `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}`.trim(),
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    // The Konnect API (direct or through a same-origin proxy) and the user's own proxy URL for Verify.
    "connect-src 'self' https: http:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');

  const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}">`;
  if (html.includes('http-equiv="Content-Security-Policy"')) {
    throw new Error(`${file} already has a Content-Security-Policy`);
  }
  const updated = html.replace(/<meta charset="?utf-8"?\s*\/?>/i, (charset) => `${charset}\n    ${meta}`);
  if (updated === html) throw new Error(`no <meta charset="utf-8"> found in ${file}`);
  writeFileSync(file, updated);
  console.log(`csp: ${hashes.length} inline script(s) allowed by hash`);
}
