// Shared end-to-end harness: serves the release build (dist/) on 127.0.0.1, optionally starts the
// local Konnect sandbox, and drives Debian's Chromium through playwright-core.
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST = path.join(ROOT, 'dist');
export const ARTIFACTS = path.join(ROOT, 'tests/e2e/artifacts');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/**
 * Serves `dir` like a static host with single-page-app fallback (any path without a file extension
 * gets index.html). `proxies` maps a path prefix to a backend origin, like the README's nginx example.
 */
export async function serveStatic({ dir = DIST, proxies = {}, extraRoutes = {} } = {}) {
  if (!existsSync(path.join(dir, 'index.html'))) {
    throw new Error(`${dir}/index.html is missing: run 'make release' first`);
  }
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    for (const [prefix, backend] of Object.entries(proxies)) {
      if (url.pathname.startsWith(prefix)) return proxy(req, res, backend, url.pathname.slice(prefix.length - 1) + url.search);
    }
    if (extraRoutes[url.pathname]) {
      const { type, body } = extraRoutes[url.pathname];
      res.writeHead(200, { 'content-type': type });
      return res.end(body);
    }
    let file = path.join(dir, path.normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, ''));
    if (!file.startsWith(dir) || !existsSync(file) || statSync(file).isDirectory()) {
      if (path.extname(url.pathname)) {
        res.writeHead(404).end('not found');
        return;
      }
      file = path.join(dir, 'index.html');
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) };
}

function proxy(req, res, backend, pathAndQuery) {
  const target = new URL(pathAndQuery, backend);
  const upstream = http.request(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (up) => {
    res.writeHead(up.statusCode, up.headers);
    up.pipe(res);
  });
  upstream.on('error', () => res.writeHead(502).end('proxy error'));
  req.pipe(upstream);
}

/** Starts the sandbox binary on ephemeral ports with test controls on; resolves once it printed its addresses. */
export async function startSandbox({ args = [] } = {}) {
  const bin = path.join(ROOT, 'target/release/konnect-sandbox');
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run 'make sandbox-bin' first`);
  const child = spawn(bin, ['--api', '127.0.0.1:0', '--proxy', '127.0.0.1:0', '--upstream', '127.0.0.1:0', '--test-controls', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const info = {};
  let buffer = '';
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sandbox did not start: ${buffer}`)), 15000);
    child.on('exit', (code) => reject(new Error(`sandbox exited with ${code}: ${buffer}`)));
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      for (const [key, pattern] of [
        ['api', /Konnect sandbox API: (\S+)/],
        ['proxy', /data plane \(proxy\): (\S+)/],
        ['upstream', /echo upstream: (\S+)/],
        ['token', /token: (\S+)/],
      ]) {
        const match = buffer.match(pattern);
        if (match) info[key] = match[1];
      }
      if (info.api && info.proxy && info.upstream && info.token) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  child.removeAllListeners('exit');
  return {
    ...info,
    control: (pathname, body) =>
      fetch(`${info.api}${pathname}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    stop: async () => {
      child.kill('SIGTERM');
      await once(child, 'exit').catch(() => {});
    },
  };
}

/** Launches headless Chromium with a fresh profile; collects page errors and console errors. */
export async function launchBrowser({ colorScheme = 'light' } = {}) {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'ksh-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    colorScheme,
    viewport: { width: 1200, height: 900 },
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !isExpectedConsoleError(message)) {
      problems.push(`console: ${message.text()}`);
    }
  });
  // The profile is only this run's: removing it keeps hundreds of runs from filling the disk.
  const close = async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  };
  return { context, page, problems, close };
}

/**
 * Console errors that are not problems: a missing favicon, and the route-name lookup, which asks
 * Konnect for `…/core-entities/routes/<name>` and gets 404 when the name is free (Chromium logs
 * every 4xx resource load as an error).
 */
function isExpectedConsoleError(message) {
  const url = message.location()?.url ?? '';
  if (/favicon\.ico/.test(url)) return true;
  return (
    /\/core-entities\/routes\/[^/?]+$/.test(new URL(url, 'http://localhost').pathname) &&
    /^Failed to load resource: the server responded with a status of 404\b/.test(message.text())
  );
}

/**
 * Runs axe-core (from node_modules) in the page and returns its violations, each as
 * `"<rule id> (<impact>): <help> at <selectors>"`, so an assertion failure names what to fix.
 */
export async function accessibilityViolations(page) {
  const alreadyLoaded = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!alreadyLoaded) {
    // Evaluated through the DevTools protocol, not a <script> tag: the app's Content-Security-
    // Policy (rightly) refuses inline scripts, and the scan must not need it weakened.
    const source = readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
    await page.evaluate(`${source}\n;undefined`);
  }
  const { violations } = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return violations.map(
    (violation) =>
      `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
  );
}

/** Saves a full-page screenshot under tests/e2e/artifacts/ and returns its path. */
export async function screenshot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Waits until the wasm app has rendered its shell. */
export async function waitForApp(page) {
  await page.waitForSelector('.ksh-app .ksh-header', { timeout: 15000 });
}

/** Retries `check` (which asserts) until it passes or `timeout` ms have gone by. */
export async function eventually(check, timeout = 5000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/**
 * Ends a test's browser: its final state, passed or failed, is saved as
 * tests/e2e/artifacts/<prefix>--<test name>.png first.
 */
export async function closeWithScreenshot(browser, prefix, testName) {
  const name = testName.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80);
  await screenshot(browser.page, `${prefix}--${name}`).catch(() => {});
  await browser.close();
}
