// The app shell and the Connect screen, in the release build, by keyboard only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { launchBrowser, screenshot, serveStatic, startSandbox, waitForApp } from './harness.mjs';

let site;
let browser;
let sandbox;

before(async () => {
  sandbox = await startSandbox();
  site = await serveStatic();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await site?.close();
  await sandbox?.stop();
});

test('the release build carries a strict Content-Security-Policy and subresource integrity', async () => {
  const html = await (await fetch(`${site.url}/`)).text();
  const csp = html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)?.[1];
  assert.ok(csp, 'a CSP meta tag');
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/=]+'/);
  assert.doesNotMatch(csp, /unsafe-inline|'unsafe-eval'/);
  // The build minifies the page (attribute quotes dropped) and the JS module after Trunk hashed
  // it: every integrity value must still be the hash of the file served.
  const links = [...html.matchAll(/<link[^>]*>/g)].map(([tag]) => ({
    href: tag.match(/\bhref="?([^"\s>]+)/)?.[1],
    integrity: tag.match(/\bintegrity="?(sha384-[^"\s>]+)/)?.[1],
  }));
  const checked = links.filter((link) => link.integrity);
  assert.ok(checked.some((link) => /konnect-service-hub-[0-9a-f]+\.js$/.test(link.href)), 'the JS module');
  assert.ok(checked.some((link) => /konnect-service-hub-[0-9a-f]+_bg\.wasm$/.test(link.href)), 'the wasm');
  for (const { href, integrity } of checked) {
    const body = Buffer.from(await (await fetch(new URL(href, site.url))).arrayBuffer());
    assert.equal(`sha384-${createHash('sha384').update(body).digest('base64')}`, integrity, href);
  }
});

test('unknown URLs show a not-found page inside the app', async () => {
  const { page, problems } = browser;
  await page.goto(`${site.url}/no/such/screen`);
  await waitForApp(page);
  await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
  assert.match(await page.locator('main').innerText(), /\/no\/such\/screen/);
  assert.deepEqual(problems.splice(0), []);
});

test('colour mode switches, follows the system, and is remembered', async () => {
  const { page, problems } = browser;
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(`${site.url}/`);
  await waitForApp(page);
  const app = page.locator('.ksh-app');
  const background = () => app.evaluate((el) => getComputedStyle(el).backgroundColor);
  assert.equal(await app.getAttribute('data-colour-mode'), 'system');
  assert.equal(await background(), 'rgb(17, 20, 24)', 'system mode follows prefers-color-scheme: dark');

  await page.getByLabel('Colours').selectOption('light');
  assert.equal(await app.getAttribute('data-colour-mode'), 'light');
  assert.equal(await background(), 'rgb(246, 247, 249)');

  await page.reload();
  await waitForApp(page);
  assert.equal(await page.locator('.ksh-app').getAttribute('data-colour-mode'), 'light', 'remembered');
  await page.getByLabel('Colours').selectOption('dark');
  await page.emulateMedia({ colorScheme: 'light' });
  assert.equal(await background(), 'rgb(17, 20, 24)', 'explicit dark wins over the system');
  await page.getByLabel('Colours').selectOption('system');
  assert.equal(await background(), 'rgb(246, 247, 249)', 'system mode follows prefers-color-scheme: light');
  assert.deepEqual(problems.splice(0), []);
});

test('Connect is filled and submitted by keyboard alone, with errors next to the field', async () => {
  const { page, problems } = browser;
  await page.goto(`${site.url}/`);
  await waitForApp(page);
  assert.equal(new URL(page.url()).pathname, '/connect');
  const heading = page.getByRole('heading', { level: 1, name: 'Connect to Konnect' });
  await heading.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Connect to Konnect', 'focus starts on the heading');

  await page.keyboard.press('Tab'); // region
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'region');
  await page.keyboard.type('Local');
  await page.keyboard.press('Tab'); // "Directly" radio (the group is one tab stop)
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'access-direct');
  await page.keyboard.press('Tab'); // the sandbox address, shown for the local sandbox reached directly
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'sandbox-url');
  await page.keyboard.press('Control+A');
  await page.keyboard.type(sandbox.api);
  await page.keyboard.press('Tab'); // token
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'token');
  await page.keyboard.type('kpat_tooshort');
  await page.keyboard.press('Tab'); // leaving the field shows its message

  const token = page.locator('#token');
  assert.equal(await token.getAttribute('aria-invalid'), 'true');
  assert.equal(await token.getAttribute('aria-describedby'), 'token-help token-error');
  assert.equal(await page.locator('#token-error').innerText(), 'This token is too short: it was probably cut when copied.');

  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Control+A');
  await page.keyboard.type(sandbox.token);
  assert.equal(await token.getAttribute('aria-invalid'), 'false', 'fixed as the user types');
  await page.keyboard.press('Tab'); // remember checkbox
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'remember');
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab'); // Connect button
  await page.keyboard.press('Enter');

  // Connect asks the sandbox who the organization is, then opens the Service Hub.
  await page.waitForURL((url) => url.pathname === '/services');
  await page.locator('.ksh-header').getByText('Connected to Local sandbox').waitFor();
  await screenshot(page, 'shell-connect-keyboard');

  // Remembered for this tab only: sessionStorage, never localStorage.
  const stored = await page.evaluate(() => ({
    session: sessionStorage.getItem('konnect-service-hub:connection'),
    local: JSON.stringify(localStorage),
  }));
  assert.match(stored.session, /"region":"local"/);
  assert.doesNotMatch(stored.local, /spat_|kpat_/);
  await page.reload();
  await waitForApp(page);
  await page.locator('.ksh-header').getByText('Connected to Local sandbox').waitFor();
  await page.goto(`${site.url}/connect`);
  await waitForApp(page);
  assert.equal(await page.locator('#region').inputValue(), 'local', 'the form comes back filled after a reload');
  assert.deepEqual(problems.splice(0), []);
});

test('a token Konnect rejects is reported on Connect and nothing is kept', async () => {
  const { page, problems } = browser;
  await page.evaluate(() => sessionStorage.clear());
  await page.goto(`${site.url}/connect`);
  await waitForApp(page);
  await page.selectOption('#region', 'local');
  await page.fill('#sandbox-url', sandbox.api);
  await page.fill('#token', 'kpat_ThisTokenIsWellFormedButUnknown000000');
  await page.getByRole('button', { name: 'Connect' }).click();
  const result = page.locator('.ksh-result');
  await result.getByText('Your token was rejected or has expired').waitFor();
  assert.equal(new URL(page.url()).pathname, '/connect');
  assert.equal(await page.evaluate(() => sessionStorage.getItem('konnect-service-hub:connection')), null);
  assert.equal(await page.locator('#token').inputValue(), 'kpat_ThisTokenIsWellFormedButUnknown000000', 'what was typed stays');
  // The browser logs the 401 itself; that is the expected answer here.
  assert.deepEqual(problems.splice(0).filter((p) => !/status of 401/.test(p)), []);
});
