// Where the wasm's bytes go, by crate and module: the `make size-breakdown` report.
//
// Trunk's wasm-opt drops function names, so this optimises wasm-bindgen's output once more with
// the same passes and `-g` (names kept), then reads the name section itself: no tool beyond the
// pinned wasm-opt. Sizes are of function bodies and data segments, raw; the brotli column spreads
// the brotli size of all code (or all data) over the groups by their raw share, an estimate.
//
// Usage: node tools/size-breakdown.mjs [rows]   (after `make release`)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

const rows = Number(process.argv[2] ?? 30);
const input = 'target/wasm-bindgen/release/konnect-service-hub_bg.wasm';
const wasmOptArgs = (/data-wasm-opt-params="([^"]*)"/.exec(readFileSync('index.html', 'utf8'))?.[1] ?? '')
  .split(/\s+/)
  .filter(Boolean);

const scratch = mkdtempSync(join(tmpdir(), 'ksh-size-'));
let wasm;
try {
  const named = join(scratch, 'named.wasm');
  const features = ['bulk-memory', 'nontrapping-float-to-int', 'sign-ext', 'mutable-globals', 'reference-types', 'multivalue'];
  execFileSync('node_modules/.bin/wasm-opt', [
    ...features.map((feature) => `--enable-${feature}`),
    '-Oz', ...wasmOptArgs, '-g', input, '-o', named,
  ]);
  wasm = readFileSync(named);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

/** Reads the wasm's sections: function body sizes, function names, data segment sizes. */
function parse(bytes) {
  let offset = 8;
  const uleb = () => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = bytes[offset++];
      result += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if (byte < 0x80) return result;
    }
  };
  const name = () => {
    const length = uleb();
    const text = bytes.toString('utf8', offset, offset + length);
    offset += length;
    return text;
  };
  let importedFunctions = 0;
  const bodies = [];
  const names = new Map();
  const segments = [];
  while (offset < bytes.length) {
    const id = bytes[offset++];
    const size = uleb();
    const end = offset + size;
    if (id === 2) {
      for (let count = uleb(); count > 0; count--) {
        name();
        name();
        const kind = bytes[offset++];
        if (kind === 0) {
          importedFunctions++;
          uleb();
        } else if (kind === 1) {
          offset++;
          const flags = uleb();
          uleb();
          if (flags & 1) uleb();
        } else if (kind === 2) {
          const flags = uleb();
          uleb();
          if (flags & 1) uleb();
        } else if (kind === 3) {
          offset += 2;
        } else {
          offset++;
          uleb();
        }
      }
    } else if (id === 10) {
      for (let count = uleb(), index = 0; index < count; index++) {
        const length = uleb();
        bodies.push({ index: importedFunctions + index, start: offset, length });
        offset += length;
      }
    } else if (id === 11) {
      for (let count = uleb(); count > 0; count--) {
        const flags = uleb();
        if (flags === 2) uleb();
        if (flags !== 1) {
          while (bytes[offset] !== 0x0b) offset++;
          offset++;
        }
        const length = uleb();
        segments.push({ start: offset, length });
        offset += length;
      }
    } else if (id === 0 && name() === 'name') {
      while (offset < end) {
        const subsection = bytes[offset++];
        const subsectionSize = uleb();
        const subsectionEnd = offset + subsectionSize;
        if (subsection === 1) {
          for (let count = uleb(); count > 0; count--) {
            const index = uleb();
            names.set(index, name());
          }
        }
        offset = subsectionEnd;
      }
    }
    offset = end;
  }
  return { bodies, names, segments };
}

/** `_ZN4core3ptr…17h…E` → `core::ptr::…`; other names (already readable) as they are. */
function demangle(symbol) {
  if (!symbol.startsWith('_ZN')) return symbol;
  const parts = [];
  let at = 3;
  while (at < symbol.length && symbol[at] !== 'E') {
    const digits = /^\d+/.exec(symbol.slice(at))?.[0];
    if (!digits) break;
    at += digits.length;
    parts.push(symbol.slice(at, at + Number(digits)));
    at += Number(digits);
  }
  if (/^h[0-9a-f]{16}$/.test(parts.at(-1) ?? '')) parts.pop();
  const escapes = { SP: '@', BP: '*', RF: '&', LT: '<', GT: '>', LP: '(', RP: ')', C: ',' };
  return parts
    .join('::')
    .replace(/\$([A-Z]+)\$/g, (whole, code) => escapes[code] ?? whole)
    .replace(/\$u([0-9a-f]+)\$/g, (_, hex) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/\.\./g, '::')
    .replace(/^_</, '<');
}

/**
 * The group a function belongs to: `crate::module` of its path, or for `<Type as Trait>::f`,
 * of the type when it has a path (a generic `T` counts under the trait's crate).
 */
function groupOf(name) {
  const implFor = /^<(?:&(?:mut )?|\*(?:const|mut) )?(?:dyn )?([^ <>]+)[^ ]* as ([a-z_0-9]+)/.exec(name);
  const path = implFor ? (implFor[1].includes('::') ? implFor[1] : `${implFor[2]}::(generic)`) : name;
  const segments = path.replace(/\[[0-9a-f]+\]/g, '').split('::');
  if (segments.length < 2 || !/^[a-z_][a-z0-9_]*$/.test(segments[0])) return '(unnamed)';
  const ownCrate = ['konnect_service_hub', 'domain', 'konnect_client'].includes(segments[0]);
  const depth = ownCrate && segments.length > 2 && /^[a-z_][a-z0-9_]*$/.test(segments[1]) ? 2 : 1;
  return segments.slice(0, depth).join('::');
}

const brotli = (buffer) =>
  brotliCompressSync(buffer, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

const { bodies, names, segments } = parse(wasm);
const code = Buffer.concat(bodies.map(({ start, length }) => wasm.subarray(start, start + length)));
const data = Buffer.concat(segments.map(({ start, length }) => wasm.subarray(start, start + length)));
const codeRatio = brotli(code) / code.length;
const dataRatio = brotli(data) / data.length;

const groups = new Map();
for (const body of bodies) {
  const group = groupOf(demangle(names.get(body.index) ?? ''));
  const entry = groups.get(group) ?? { raw: 0, functions: 0 };
  entry.raw += body.length;
  entry.functions += 1;
  groups.set(group, entry);
}

const kb = (bytes) => (bytes / 1000).toFixed(1).padStart(8);
console.log(`code: ${kb(code.length)} KB raw, ≈${kb(code.length * codeRatio)} KB brotli (${bodies.length} functions)`);
console.log(`data: ${kb(data.length)} KB raw, ≈${kb(data.length * dataRatio)} KB brotli (${segments.length} segments: strings, tables, among them regex-syntax's Unicode tables)`);
console.log('');
console.log(`${'group (crate, or crate::module of ours)'.padEnd(48)} ${'raw KB'.padStart(8)} ${'≈brotli'.padStart(8)} functions`);
const sorted = [...groups.entries()].sort((a, b) => b[1].raw - a[1].raw);
for (const [group, { raw, functions }] of sorted.slice(0, rows)) {
  console.log(`${group.padEnd(48)} ${kb(raw)} ${kb(raw * codeRatio)} ${String(functions).padStart(9)}`);
}
const rest = sorted.slice(rows).reduce((sum, [, { raw }]) => sum + raw, 0);
if (rest > 0) console.log(`${`(${sorted.length - rows} more groups)`.padEnd(48)} ${kb(rest)} ${kb(rest * codeRatio)}`);
console.log('');
console.log('Generic code counts under the crate that defines it (reactive_graph, tachys, core, alloc), though');
console.log("this app's types and closures instantiate most of it; closures of ours often carry their screen's name.");
