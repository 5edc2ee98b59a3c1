// Issue 5 end to end: the Service Hub against the local Konnect sandbox, in Chromium.
//
// Every test starts from the sandbox's demo seed ("Flight Data" v1 not implemented, v2 implemented
// by `flight-data-v2` with the route `flight-data-v2-route`, "Payments" 2024-01; control planes
// "default" and "staging") and a fresh browser profile, and saves a screenshot of its final state
// under tests/e2e/artifacts/. What the app did is checked in the sandbox through its API, not only
// on screen. Set E2E_DIST to test another build directory than dist/.
import { test, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  DIST,
  accessibilityViolations,
  closeWithScreenshot,
  eventually,
  launchBrowser,
  screenshot,
  serveStatic,
  startSandbox,
  waitForApp,
} from './harness.mjs';

let sandbox;
let site;
let browser;

before(async () => {
  sandbox = await startSandbox();
  site = await serveStatic({
    dir: process.env.E2E_DIST ?? DIST,
    proxies: { '/konnect/local/': `${sandbox.api}/` },
  });
});

after(async () => {
  await site?.close();
  await sandbox?.stop();
});

beforeEach(async () => {
  assert.equal((await sandbox.control('/sandbox/reset')).status, 204);
  browser = await launchBrowser();
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.url });
});

// Every test's final state, passed or failed, as tests/e2e/artifacts/service-hub--<test name>.png.
afterEach(async (context) => {
  if (!browser) return;
  await closeWithScreenshot(browser, 'service-hub', context.name);
  browser = undefined;
});

// ---------------------------------------------------------------------------------------------
// The sandbox, through its API (what Konnect holds, independent of what the app shows).

async function konnect(method, pathname, body) {
  const response = await fetch(`${sandbox.api}${pathname}`, {
    method,
    headers: { authorization: `Bearer ${sandbox.token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

async function controlPlaneId(name) {
  const { body } = await konnect('GET', `/v2/control-planes?filter[name]=${encodeURIComponent(name)}`);
  assert.equal(body.data.length, 1, `control plane ${name}`);
  return body.data[0].id;
}

async function productId(name) {
  const { body } = await konnect('GET', `/v2/api-products?filter[name]=${encodeURIComponent(name)}`);
  assert.equal(body.data.length, 1, `API product ${name}`);
  return body.data[0].id;
}

async function version(productName, versionName) {
  const product = await productId(productName);
  const { body } = await konnect(
    'GET',
    `/v2/api-products/${product}/product-versions?filter[name]=${encodeURIComponent(versionName)}`,
  );
  return { productId: product, version: body.data.find((v) => v.name === versionName) };
}

async function gatewayServices(controlPlane) {
  return (await konnect('GET', `/v2/control-planes/${controlPlane}/core-entities/services`)).body.data;
}

async function routes(controlPlane) {
  return (await konnect('GET', `/v2/control-planes/${controlPlane}/core-entities/routes`)).body.data;
}

async function versionPath(productName, versionName) {
  const found = await version(productName, versionName);
  return `/services/${found.productId}/versions/${found.version.id}`;
}

// ---------------------------------------------------------------------------------------------
// The app.

async function connect(page) {
  await page.goto(`${site.url}/connect`);
  await waitForApp(page);
  await page.locator('#region').selectOption('local');
  await page.locator('#access-proxy').check();
  await page.locator('#token').fill(sandbox.token);
  // Remembered for this tab, so deep links (page.goto) stay connected.
  await page.locator('#remember').check();
  await page.getByRole('button', { name: 'Connect' }).click();
  await page.waitForURL(/\/services/);
}

async function openVersion(page, productName, versionName) {
  await page.goto(`${site.url}${await versionPath(productName, versionName)}`);
  await waitForApp(page);
  await page.getByRole('heading', { level: 1, name: `${productName} · ${versionName}` }).waitFor();
}

async function fieldState(page, id) {
  return page.locator(`#${id}`).evaluate((element) => ({
    invalid: element.getAttribute('aria-invalid'),
    describedBy: element.getAttribute('aria-describedby'),
    error: document.getElementById(`${element.id}-error`)?.textContent ?? null,
  }));
}

/** Asserts the field shows `message` under it, wired with aria-invalid and aria-describedby. */
async function assertFieldError(page, id, message) {
  const state = await fieldState(page, id);
  assert.equal(state.invalid, 'true', `${id} aria-invalid`);
  assert.ok(state.describedBy?.split(' ').includes(`${id}-error`), `${id} aria-describedby: ${state.describedBy}`);
  assert.equal(state.error, message, `${id} message`);
}

async function assertFieldValid(page, id) {
  const state = await fieldState(page, id);
  assert.equal(state.invalid, 'false', `${id} aria-invalid once fixed`);
  assert.equal(state.error, null, `${id} has no message once fixed`);
  assert.ok(!state.describedBy?.split(' ').includes(`${id}-error`), `${id} aria-describedby: ${state.describedBy}`);
}

/** Types a bad value, leaves the field, checks the message, then fixes it and checks it is gone. */
async function showAndFix(page, id, bad, message, good) {
  const field = page.locator(`#${id}`);
  await field.fill(bad);
  await field.blur();
  await assertFieldError(page, id, message);
  await field.fill(good);
  await field.blur();
  await assertFieldValid(page, id);
}

async function activeElementId(page) {
  return page.evaluate(() => document.activeElement?.id ?? '');
}

async function errorSummaryItems(page) {
  return page.locator('.ksh-error-summary li').allInnerTexts();
}

/** Clicks the error summary's link for `label` and checks that focus lands on `id`. */
async function followSummaryLink(page, label, id) {
  await page.locator('.ksh-error-summary').getByRole('link', { name: new RegExp(`^${label}: `) }).click();
  assert.equal(await activeElementId(page), id, `the summary link ${label} focuses #${id}`);
}

async function fillServiceByUrl(page, { runtimeGroup = 'default', name, url }) {
  await page.getByRole('heading', { level: 1, name: 'Step 1 of 2: Gateway service' }).waitFor();
  await page.locator('#runtime-group').selectOption({ label: runtimeGroup });
  await page.locator('#service-name').fill(name);
  await page.locator('#service-url').fill(url);
}

/** Connects, opens Flight Data v1 and completes step 1 (`flight-data-v1`, by URL): step 2 is next. */
async function startImplementingFlightDataV1(page) {
  await connect(page);
  await openVersion(page, 'Flight Data', 'v1');
  await page.getByRole('link', { name: 'New Implementation' }).click();
  await fillServiceByUrl(page, { name: 'flight-data-v1', url: `${sandbox.upstream}/flights` });
  await page.getByRole('button', { name: 'Next' }).click();
}

/** Fills the route form and waits until the route name has been looked up. */
async function fillRoute(page, { name, methods, paths }) {
  const lookedUp = waitForNameLookup(page, name);
  await page.locator('#route-name').fill(name);
  await page.locator('#route-methods').fill(methods);
  for (const [index, value] of paths.entries()) {
    if (index > 0) await page.getByRole('button', { name: 'Add Path' }).click();
    await page.locator(`#route-path-${index + 1}`).fill(value);
  }
  await lookedUp;
}

/** The route-name lookup runs a moment after typing; wait until it answered for `name`. */
async function waitForNameLookup(page, name) {
  await page.waitForResponse((response) =>
    response.url().endsWith(`/core-entities/routes/${encodeURIComponent(name)}`),
  );
}

function upstreamParts() {
  const url = new URL(sandbox.upstream);
  return { host: url.hostname, port: Number(url.port) };
}

/** Console errors Chromium logs for statuses the test itself injected, and nothing else. */
function withoutInjected(problems, status) {
  return problems.filter((problem) => !problem.includes(`the server responded with a status of ${status}`));
}

// ---------------------------------------------------------------------------------------------

test('implementing Flight Data v1 by URL, from the Service Hub list to the overview', async () => {
  const { page, problems } = browser;
  await connect(page);
  await page.getByRole('button', { name: 'Flight Data' }).click();
  await page.getByRole('link', { name: 'v1' }).click();
  await page.getByRole('heading', { level: 1, name: 'Flight Data · v1' }).waitFor();
  assert.match(await page.locator('main').innerText(), /Not implemented/);

  await page.getByRole('link', { name: 'New Implementation' }).click();
  assert.match(new URL(page.url()).pathname, /\/implement$/);
  await fillServiceByUrl(page, { name: 'flight-data-v1', url: `${sandbox.upstream}/flights` });
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('heading', { level: 1, name: 'Step 2 of 2: Add a Route' }).waitFor();
  assert.match(new URL(page.url()).pathname, /\/implement\/route$/);
  await fillRoute(page, { name: 'flight-data-v1-route', methods: 'GET, POST', paths: ['/flight-data/v1'] });
  await page.getByRole('button', { name: 'Create' }).click();

  await page.waitForURL(/created=implementation/);
  await page.getByRole('status').filter({ hasText: 'Implementation created' }).waitFor();
  const table = page.locator('table');
  await table.getByRole('cell', { name: 'flight-data-v1-route' }).waitFor();
  assert.match(await table.innerText(), /GET, POST/);
  assert.match(await table.innerText(), /\/flight-data\/v1/);

  const cp = await controlPlaneId('default');
  const [service] = (await gatewayServices(cp)).filter((s) => s.name === 'flight-data-v1');
  const { host, port } = upstreamParts();
  assert.deepEqual(
    { protocol: service.protocol, host: service.host, port: service.port, path: service.path },
    { protocol: 'http', host, port, path: '/flights' },
  );
  const [route] = (await routes(cp)).filter((r) => r.name === 'flight-data-v1-route');
  assert.deepEqual(route.service, { id: service.id });
  assert.deepEqual(route.methods, ['GET', 'POST']);
  assert.deepEqual(route.paths, ['/flight-data/v1']);
  const linked = (await version('Flight Data', 'v1')).version.gateway_service;
  assert.equal(linked.id, service.id);
  assert.equal(linked.control_plane_id ?? linked.runtime_group_id, cp);
  // The draft is gone once created.
  assert.equal(await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.includes(':draft:')).length), 0);
  assert.deepEqual(problems, []);
});

test('implementing Flight Data v1 by protocol, host, port and path, with an advanced field', async () => {
  const { page, problems } = browser;
  await connect(page);
  await openVersion(page, 'Flight Data', 'v1');
  await page.getByRole('link', { name: 'New Implementation' }).click();
  await page.getByRole('heading', { level: 1, name: 'Step 1 of 2: Gateway service' }).waitFor();
  assert.equal(await page.locator('#service-input-mode-url').isChecked(), true, 'Add using URL is the default');
  await page.locator('#runtime-group').selectOption({ label: 'staging' });
  await page.locator('#service-name').fill('flight-data-v1-parts');
  await page.getByLabel('Add using Protocol, Host and Path').check();
  const { host, port } = upstreamParts();
  await page.locator('#service-protocol').selectOption('http');
  await page.locator('#service-host').fill(host);
  await page.locator('#service-port').fill(String(port));
  await page.locator('#service-path').fill('/v1');
  // TLS fields only where the protocol allows them.
  await page.getByRole('button', { name: 'View 6 Advanced Fields' }).click();
  assert.equal(await page.locator('#service-client-certificate').count(), 0, 'no TLS fields for http');
  await page.locator('#service-retries').fill('3');
  await page.locator('#service-read-timeout').fill('15000');
  await page.getByRole('button', { name: 'Next' }).click();
  await fillRoute(page, { name: 'flights-parts', methods: 'GET', paths: ['/parts', '~/parts/[0-9]+$'] });
  await page.getByRole('button', { name: 'Create' }).click();
  await page.waitForURL(/created=implementation/);
  await page.locator('table').getByRole('cell', { name: 'flights-parts' }).waitFor();
  // Just created: the overview opens the service's settings, which name the runtime group.
  await eventually(async () => assert.match(await page.locator('main').innerText(), /Runtime group\s+staging\n/));

  const cp = await controlPlaneId('staging');
  const services = (await gatewayServices(cp)).filter((s) => s.name === 'flight-data-v1-parts');
  assert.equal(services.length, 1);
  const [service] = services;
  assert.deepEqual(
    [service.protocol, service.host, service.port, service.path, service.retries, service.read_timeout],
    ['http', host, port, '/v1', 3, 15000],
  );
  const [route] = (await routes(cp)).filter((r) => r.name === 'flights-parts');
  assert.deepEqual(route.paths, ['/parts', '~/parts/[0-9]+$']);
  assert.deepEqual(route.service, { id: service.id });
  assert.deepEqual(problems, []);
});

test('every field of both steps shows its error (Kong wording) and clears it once fixed', async () => {
  const { page, problems } = browser;
  await connect(page);
  await openVersion(page, 'Flight Data', 'v1');
  await page.getByRole('link', { name: 'New Implementation' }).click();
  await page.getByRole('heading', { level: 1, name: 'Step 1 of 2: Gateway service' }).waitFor();

  // Nothing is flagged before the user has done anything.
  assert.equal((await fieldState(page, 'service-name')).error, null);

  // Next with nothing typed: the summary takes focus and links to each field.
  await page.getByRole('button', { name: 'Next' }).click();
  const summary = page.locator('.ksh-error-summary');
  await summary.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('ksh-error-summary')), true);
  assert.equal(await summary.getByRole('heading').innerText(), 'There is a problem');
  assert.deepEqual(await errorSummaryItems(page), [
    'Runtime group: Choose the runtime group.',
    'URL: host: required field missing',
  ]);
  await followSummaryLink(page, 'Runtime group', 'runtime-group');
  await followSummaryLink(page, 'URL', 'service-url');
  assert.match(new URL(page.url()).pathname, /\/implement$/, 'Next stays on step 1 while there are errors');
  await page.locator('#runtime-group').selectOption({ label: 'default' });
  await assertFieldValid(page, 'runtime-group');

  await showAndFix(
    page,
    'service-name',
    'flight data',
    "invalid value 'flight data': the only accepted ascii characters are alphanumerics or ., -, _, ~, and :",
    'flight-data-v1',
  );
  await showAndFix(
    page,
    'service-url',
    'ftp://example.com',
    'protocol: expected one of: grpc, grpcs, http, https, tcp, tls, tls_passthrough, udp',
    'http://example.com/flights',
  );

  await page.getByLabel('Add using Protocol, Host and Path').check();
  await page.locator('#service-protocol').selectOption('https');
  await showAndFix(page, 'service-host', 'bad host', 'invalid value: bad host', 'api.example.com');
  await showAndFix(page, 'service-port', '70000', 'value should be between 0 and 65535', '8443');
  await showAndFix(page, 'service-path', 'flights', 'should start with: /', '/flights');

  await page.getByRole('button', { name: 'View 6 Advanced Fields' }).click();
  await showAndFix(page, 'service-retries', '40000', 'value should be between 0 and 32767', '3');
  await showAndFix(page, 'service-connect-timeout', '0', 'value should be between 1 and 2147483646', '5000');
  await showAndFix(page, 'service-write-timeout', 'abc', 'expected an integer', '5000');
  await showAndFix(page, 'service-read-timeout', '-1', 'value should be between 1 and 2147483646', '5000');
  await showAndFix(page, 'service-tls-verify-depth', '65', 'value should be between 0 and 64', '4');
  await showAndFix(page, 'service-client-certificate', 'not-a-uuid', 'expected a valid UUID', '');
  await showAndFix(page, 'service-ca-certificates', 'not-a-uuid', 'certificate 1: expected a valid UUID', '');

  // A message disappears as soon as the typing fixes it, without leaving the field.
  await page.locator('#service-port').fill('99999');
  await page.locator('#service-port').blur();
  await assertFieldError(page, 'service-port', 'value should be between 0 and 65535');
  await page.locator('#service-port').fill('8443');
  await assertFieldValid(page, 'service-port');
  await page.getByRole('button', { name: 'Next' }).click();

  // Step 2.
  await page.getByRole('heading', { level: 1, name: 'Step 2 of 2: Add a Route' }).waitFor();
  await page.getByRole('button', { name: 'Create' }).click();
  await summary.waitFor();
  assert.deepEqual(await errorSummaryItems(page), [
    "Path(s): must set one of 'methods', 'hosts', 'headers', 'paths', 'snis' when 'protocols' is 'https'",
  ]);
  await showAndFix(
    page,
    'route-name',
    'bad name',
    "invalid value 'bad name': the only accepted ascii characters are alphanumerics or ., -, _, and ~",
    'flights',
  );
  await showAndFix(page, 'route-methods', 'get, P OST', 'invalid value: get; invalid value: P OST', 'GET, POST');
  await showAndFix(page, 'route-path-1', 'flights', 'should start with: / (fixed path) or ~/ (regex path)', '/flights');
  await page.getByRole('button', { name: 'Add Path' }).click();
  await eventually(async () => assert.equal(await activeElementId(page), 'route-path-2', 'Add Path focuses the new input'), 1000);
  await showAndFix(
    page,
    'route-path-2',
    '~/flights/(',
    `invalid regex: '/flights/(' (PCRE returned: pcre2_compile() failed: missing closing parenthesis in "/flights/(")`,
    '~/flights/[0-9]+$',
  );
  await page.getByRole('button', { name: 'View 4 Advanced Fields' }).click();
  await showAndFix(
    page,
    'route-hosts',
    'bad host, *.*.x',
    'host 1: invalid hostname: bad host; host 2: invalid wildcard: must have at most one wildcard',
    'api.example.com',
  );
  await showAndFix(page, 'route-headers', 'X-Version v1', 'line 1: expected Name: value1, value2', 'X-Version: v1');

  // Errors on Create: the summary lists them in form order, with the inline wording, and links focus the field.
  await page.locator('#route-methods').fill('get');
  await page.locator('#route-hosts').fill('bad host');
  await page.locator('#route-hosts').blur(); // see the lost-click test
  await page.getByRole('button', { name: 'Create' }).click();
  assert.deepEqual(await errorSummaryItems(page), [
    'Method: invalid value: get',
    'Hosts: host 1: invalid hostname: bad host',
  ]);
  await followSummaryLink(page, 'Method', 'route-methods');
  await followSummaryLink(page, 'Hosts', 'route-hosts');
  await page.locator('#route-methods').fill('GET, POST');
  await page.locator('#route-hosts').fill('api.example.com');

  // Back keeps everything typed, on both steps.
  await page.getByRole('link', { name: 'Back', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Step 1 of 2: Gateway service' }).waitFor();
  assert.equal(await page.locator('#service-name').inputValue(), 'flight-data-v1');
  assert.equal(await page.locator('#service-host').inputValue(), 'api.example.com');
  assert.equal(await page.locator('#service-port').inputValue(), '8443');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('heading', { level: 1, name: 'Step 2 of 2: Add a Route' }).waitFor();
  assert.equal(await page.locator('#route-name').inputValue(), 'flights');
  assert.equal(await page.locator('#route-methods').inputValue(), 'GET, POST');
  assert.equal(await page.locator('#route-path-2').inputValue(), '~/flights/[0-9]+$');
  assert.deepEqual(problems, []);
});

test('a route name already used in the runtime group is flagged before Create (case-sensitive)', async () => {
  const { page, problems } = browser;
  await startImplementingFlightDataV1(page);
  await page.getByRole('heading', { level: 1, name: 'Step 2 of 2: Add a Route' }).waitFor();
  const creates = [];
  page.on('request', (request) => {
    if (request.method() === 'POST') creates.push(request.url());
  });

  await fillRoute(page, { name: 'flight-data-v2-route', methods: 'GET', paths: ['/flights'] });
  const taken =
    'A route named flight-data-v2-route already exists in this runtime group. Route names are unique and case-sensitive.';
  await page.locator('#route-name-error').filter({ hasText: taken }).waitFor();
  await assertFieldError(page, 'route-name', taken);
  await page.getByRole('button', { name: 'Create' }).click();
  assert.deepEqual(await errorSummaryItems(page), [`Name: ${taken}`]);
  await followSummaryLink(page, 'Name', 'route-name');
  assert.deepEqual(creates, [], 'nothing is sent while the name is taken');

  // Route names are case-sensitive: another case is a different, free name.
  const lookedUp = waitForNameLookup(page, 'Flight-Data-V2-Route');
  await page.locator('#route-name').fill('Flight-Data-V2-Route');
  await lookedUp;
  await assertFieldValid(page, 'route-name');
  await page.getByRole('button', { name: 'Create' }).click();
  await page.waitForURL(/created=implementation/);
  const cp = await controlPlaneId('default');
  assert.deepEqual(
    (await routes(cp)).map((r) => r.name).sort(),
    ['Flight-Data-V2-Route', 'flight-data-v2-route'],
  );
  assert.deepEqual(problems, []);
});

test('adding a second route to an implemented version', async () => {
  const { page, problems } = browser;
  await connect(page);
  await openVersion(page, 'Flight Data', 'v2');
  await page.getByRole('link', { name: 'Add route' }).click();
  await page.getByRole('heading', { level: 1, name: 'Add a Route' }).waitFor();
  // The same duplicate check as in the wizard.
  await page.locator('#route-name').fill('flight-data-v2-route');
  await page
    .locator('#route-name-error')
    .filter({ hasText: 'A route named flight-data-v2-route already exists in this runtime group.' })
    .waitFor();
  await fillRoute(page, { name: 'flight-data-v2-status', methods: 'GET', paths: ['/flight-data/v2/status'] });
  await page.getByRole('button', { name: 'Create' }).click();
  await page.getByRole('status').filter({ hasText: 'Route added.' }).waitFor();
  await page.locator('table').getByRole('cell', { name: 'flight-data-v2-status' }).waitFor();
  assert.equal(await page.locator('table tbody tr').count(), 2);
  assert.match(await page.locator('table').innerText(), /flight-data-v2-status/);

  const cp = await controlPlaneId('default');
  const [service] = (await gatewayServices(cp)).filter((s) => s.name === 'flight-data-v2');
  const added = (await routes(cp)).filter((r) => r.name === 'flight-data-v2-status');
  assert.equal(added.length, 1);
  assert.deepEqual(added[0].service, { id: service.id }, 'same gateway service');
  assert.deepEqual(added[0].paths, ['/flight-data/v2/status']);
  assert.deepEqual(problems, []);
});

test('viewing the configuration as JSON, YAML and decK, each copied without the token', async () => {
  const { page, problems } = browser;
  await connect(page);
  await openVersion(page, 'Flight Data', 'v2');
  await page.getByRole('button', { name: 'Version actions' }).click();
  await page.getByRole('link', { name: 'View configuration' }).click();
  await page.waitForURL(/\/configuration$/);
  await page.getByRole('heading', { level: 1 }).waitFor();

  const copied = {};
  for (const format of ['JSON', 'YAML', 'decK']) {
    // Tabs or sections: either way, one Copy button per format.
    const tab = page.getByRole('tab', { name: new RegExp(format) });
    let scope = page.locator('main');
    if ((await tab.count()) > 0) {
      await tab.click();
      scope = page.getByRole('tabpanel');
    } else {
      scope = page.getByRole('region', { name: new RegExp(format) });
    }
    await page.evaluate(() => navigator.clipboard.writeText(''));
    await scope.getByRole('button', { name: /Copy/ }).first().click();
    await scope.getByRole('status').filter({ hasText: /[Cc]opied/ }).waitFor();
    copied[format] = await page.evaluate(() => navigator.clipboard.readText());
  }
  for (const [format, text] of Object.entries(copied)) {
    assert.ok(!text.includes(sandbox.token), `${format} must not contain the token`);
    assert.ok(!/kpat_|spat_/.test(text), `${format} must not contain any token`);
    assert.match(text, /flight-data-v2-route/, `${format} has the route`);
  }
  const json = JSON.parse(copied.JSON);
  assert.equal(JSON.stringify(json).includes('flight-data-v2'), true);
  assert.match(copied.YAML, /name: flight-data-v2\b/);
  assert.match(copied.decK, /^_format_version: "3\.0"$/m);
  assert.match(
    copied.decK,
    /^services:\n {2}- name: flight-data-v2\n(?: {4}.*\n)* {4}routes:\n {6}- name: flight-data-v2-route\n/m,
    'the route is nested under its service',
  );
  assert.deepEqual(problems, []);
});

test('editing the gateway service: Save enabled only by a change, sent with PUT', async () => {
  const { page, problems } = browser;
  await connect(page);
  await openVersion(page, 'Flight Data', 'v2');
  await page.getByRole('button', { name: 'Version actions' }).click();
  await page.getByRole('link', { name: 'Edit implementation' }).click();
  await page.locator('#service-name').waitFor();
  const save = page.getByRole('button', { name: 'Save' });
  assert.equal(await page.locator('#service-name').inputValue(), 'flight-data-v2');
  assert.equal(await save.isDisabled(), true, 'nothing changed yet');

  await page.getByRole('button', { name: 'View 6 Advanced Fields' }).click();
  await page.locator('#service-retries').fill('2');
  assert.equal(await save.isEnabled(), true);
  await page.locator('#service-retries').fill('5');
  assert.equal(await save.isDisabled(), true, 'back to the saved value: nothing to save');
  await page.locator('#service-retries').fill('2');

  const cp = await controlPlaneId('default');
  const [before] = (await gatewayServices(cp)).filter((s) => s.name === 'flight-data-v2');
  const writes = [];
  page.on('request', (request) => {
    if (!['GET', 'OPTIONS'].includes(request.method())) writes.push(`${request.method()} ${new URL(request.url()).pathname}`);
  });
  await save.click();
  await page.getByRole('status').filter({ hasText: 'Gateway service saved.' }).waitFor();
  assert.deepEqual(writes, [`PUT /konnect/local/v2/control-planes/${cp}/core-entities/services/${before.id}`]);
  const [after] = (await gatewayServices(cp)).filter((s) => s.name === 'flight-data-v2');
  assert.equal(after.id, before.id);
  assert.equal(after.retries, 2);
  assert.equal(after.host, before.host, 'unchanged fields kept');
  await eventually(async () => assert.match(await page.locator('main').innerText(), /Retries\s+2\n/));
  assert.deepEqual(problems, []);
});

test('editing a route: Save enabled only by a change, sent with PUT, service and id kept', async () => {
  const { page, problems } = browser;
  const cp = await controlPlaneId('default');
  const [before] = await routes(cp);
  await connect(page);
  await openVersion(page, 'Flight Data', 'v2');
  await page.getByRole('link', { name: 'Edit route flight-data-v2-route' }).click();
  await page.getByRole('heading', { level: 1, name: 'Edit route' }).waitFor();
  await page.locator('#route-name').waitFor();
  assert.equal(await page.locator('#route-methods').inputValue(), 'GET');
  assert.equal(await page.locator('#route-path-1').inputValue(), '/flight-data/v2');
  const save = page.getByRole('button', { name: 'Save' });
  assert.equal(await save.isDisabled(), true, 'nothing changed yet');
  // Its own name is not "taken".
  await page.locator('#route-name').fill('flight-data-v2-route ');
  await page.locator('#route-name').fill('flight-data-v2-route');
  await page.waitForTimeout(600);
  assert.equal(await page.locator('#route-name-error').count(), 0, 'a route may keep its own name');

  await page.locator('#route-methods').fill('GET, HEAD');
  assert.equal(await save.isEnabled(), true);
  const writes = [];
  page.on('request', (request) => {
    if (!['GET', 'OPTIONS'].includes(request.method())) writes.push(`${request.method()} ${new URL(request.url()).pathname}`);
  });
  await save.click();
  await page.getByRole('status').filter({ hasText: 'Route saved.' }).waitFor();
  assert.deepEqual(writes, [`PUT /konnect/local/v2/control-planes/${cp}/core-entities/routes/${before.id}`]);
  const [after] = await routes(cp);
  assert.equal(after.id, before.id);
  assert.deepEqual(after.methods, ['GET', 'HEAD']);
  assert.deepEqual(after.service, before.service, 'still on its gateway service');
  assert.deepEqual(after.paths, before.paths);
  await eventually(async () => assert.match(await page.locator('table').innerText(), /GET, HEAD/));
  assert.deepEqual(problems, []);
});

test('while Create runs: progress shown and announced, Create disabled, a second click creates nothing', async () => {
  const { page, problems } = browser;
  const cp = await controlPlaneId('default');
  await startImplementingFlightDataV1(page);
  await fillRoute(page, { name: 'flights', methods: 'GET', paths: ['/flights'] });
  await sandbox.control('/sandbox/faults', {
    method: 'POST',
    path_prefix: `/v2/control-planes/${cp}/core-entities/services`,
    delay_ms: 1500,
  });
  const createButton = page.locator('form button[type=submit]');
  await createButton.click();
  await page.getByRole('status').filter({ hasText: 'Creating the implementation…' }).waitFor();
  assert.equal(await createButton.innerText(), 'Creating…');
  assert.equal(await createButton.isDisabled(), true);
  await createButton.click({ force: true }).catch(() => {});
  await page.locator('form').evaluate((form) => form.requestSubmit());
  await page.waitForURL(/created=implementation/);
  await page.getByRole('status').filter({ hasText: 'Implementation created' }).waitFor();
  assert.equal((await gatewayServices(cp)).filter((s) => s.name === 'flight-data-v1').length, 1);
  assert.equal((await routes(cp)).filter((r) => r.name === 'flights').length, 1);
  assert.deepEqual(problems, []);
});

test('deleting a route after confirmation', async () => {
  const { page, problems } = browser;
  const cp = await controlPlaneId('default');
  const [service] = (await gatewayServices(cp)).filter((s) => s.name === 'flight-data-v2');
  const made = await konnect('POST', `/v2/control-planes/${cp}/core-entities/routes`, {
    name: 'flight-data-v2-extra',
    paths: ['/extra'],
    service: { id: service.id },
  });
  assert.equal(made.status, 200);

  await connect(page);
  await openVersion(page, 'Flight Data', 'v2');
  const row = page.locator('table tbody tr').filter({ hasText: 'flight-data-v2-extra' });
  // By keyboard: the confirmation replaces the focused Delete, so focus must move with it, to
  // Keep (a second Enter keeps the route) and back to the row's Delete.
  const focused = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent);
  await row.getByRole('button', { name: 'Delete route flight-data-v2-extra' }).focus();
  await page.keyboard.press('Enter');
  await eventually(async () => assert.equal(await focused(), 'Keep'));
  await page.keyboard.press('Enter');
  await eventually(async () => assert.equal(await focused(), 'Delete route flight-data-v2-extra'));
  assert.equal((await routes(cp)).length, 2, 'Keep deletes nothing');
  await row.getByRole('button', { name: 'Delete' }).click();
  await row.getByRole('button', { name: 'Delete route' }).click();
  await page.getByRole('status').filter({ hasText: 'Route flight-data-v2-extra deleted.' }).waitFor();
  await eventually(async () => assert.equal(await page.locator('table tbody tr').count(), 1));
  assert.deepEqual((await routes(cp)).map((r) => r.name), ['flight-data-v2-route']);
  assert.deepEqual(problems, []);
});

test('the overview renders from three requests; settings load when asked for, Verify on its screen', async () => {
  const { page, problems } = browser;
  await connect(page);
  // The Service Hub's own request is done once its list shows; only the overview's are counted.
  await page.getByRole('button', { name: 'Flight Data' }).waitFor();
  const cp = await controlPlaneId('default');
  const [service] = (await gatewayServices(cp)).filter((s) => s.name === 'flight-data-v2');
  const requests = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/konnect/')) requests.push(`${request.method()} ${url.pathname.replace('/konnect/local', '')}`);
  });
  const { productId: product, version: { id: versionId } } = await version('Flight Data', 'v2');
  await openVersion(page, 'Flight Data', 'v2');
  await page.locator('table').getByRole('cell', { name: 'flight-data-v2-route' }).waitFor();
  await page.waitForTimeout(500);
  assert.deepEqual(requests.sort(), [
    `GET /v2/api-products/${product}`,
    `GET /v2/api-products/${product}/product-versions/${versionId}`,
    `GET /v2/control-planes/${cp}/core-entities/services/${service.id}/routes`,
  ]);

  requests.length = 0;
  await page.getByText('Gateway service settings').click();
  const settings = page.locator('details.ksh-settings');
  await eventually(async () => assert.match(await settings.innerText(), /Name\s+flight-data-v2\s+Runtime group\s+default\s+Upstream URL/));
  // The settings read as plain facts: no second marker, no link styling (once, a button's
  // class on the <details> gave both).
  assert.deepEqual(
    await settings.evaluate((details) => [
      getComputedStyle(details, '::before').content,
      getComputedStyle(details.querySelector('dd')).textDecorationLine,
    ]),
    ['none', 'none'],
  );
  assert.deepEqual(requests.sort(), [
    `GET /v2/control-planes/${cp}`,
    `GET /v2/control-planes/${cp}/core-entities/services/${service.id}`,
  ]);

  requests.length = 0;
  await page.getByRole('link', { name: 'Verify the implementation' }).click();
  await page.getByRole('heading', { level: 1, name: 'Verify' }).waitFor();
  await page.getByRole('article', { name: 'Route flight-data-v2-route' }).waitFor();
  const records = page.getByRole('region', { name: 'Status-code records' });
  await records.scrollIntoViewIfNeeded();
  await records.locator('.ksh-verify-records-summary').waitFor();
  assert.deepEqual(requests.sort(), [
    `GET /v2/api-products/${product}`,
    `GET /v2/api-products/${product}/product-versions/${versionId}`,
    `GET /v2/control-planes/${cp}/core-entities/services/${service.id}/routes`,
    'POST /v2/api-requests',
  ]);
  await page.getByRole('link', { name: 'Back to the version' }).click();
  await page.getByRole('heading', { level: 1, name: 'Flight Data · v2' }).waitFor();
  assert.deepEqual(problems, []);
});

test('in a phone-width window the overview fits: no sideways page scroll, settings values keep their room', async () => {
  const { page, problems } = browser;
  await page.setViewportSize({ width: 375, height: 800 });
  await connect(page);
  await openVersion(page, 'Flight Data', 'v2');
  await page.getByText('Gateway service settings').click();
  const settings = page.locator('details.ksh-settings dl');
  await settings.waitFor();
  // Once, the longest label took its full width and left each value a letter per line.
  const [labelWidth, valueWidth] = await settings.evaluate((dl) =>
    ['dt', 'dd'].map((tag) => dl.querySelector(tag).getBoundingClientRect().width),
  );
  assert.ok(valueWidth >= labelWidth, `values ${valueWidth}px wide beside labels ${labelWidth}px`);
  // The route table scrolls inside its panel instead of widening the page.
  await page.getByRole('link', { name: 'Edit route flight-data-v2-route' }).waitFor({ state: 'attached' });
  assert.deepEqual(
    await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]),
    [375, 375],
  );
  assert.deepEqual(problems, []);
});

test('deleting the implementation: shows what goes, then routes, service and link', async () => {
  const { page, problems } = browser;
  await connect(page);
  await openVersion(page, 'Flight Data', 'v2');
  await page.getByRole('button', { name: 'Version actions' }).click();
  await page.getByRole('button', { name: 'Delete implementation' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Delete the implementation?' });
  await dialog.waitFor();
  // The service's name arrives with its settings, which the dialog asks for.
  await eventually(async () => {
    const listed = await dialog.locator('li').allInnerTexts();
    assert.deepEqual(listed.slice(0, 2), ['Route flight-data-v2-route', 'Gateway service flight-data-v2']);
  });
  await dialog.getByRole('button', { name: 'Delete implementation' }).click();
  await page.getByRole('status').filter({ hasText: 'Implementation deleted.' }).waitFor();
  await eventually(async () => assert.match(await page.locator('main').innerText(), /Not implemented/));
  await page.getByRole('link', { name: 'New Implementation' }).waitFor();

  const cp = await controlPlaneId('default');
  assert.deepEqual(await routes(cp), []);
  assert.deepEqual(await gatewayServices(cp), []);
  assert.equal((await version('Flight Data', 'v2')).version.gateway_service ?? null, null);
  assert.deepEqual(problems, []);
});

test('deleting a version asks for its name', async () => {
  const { page, problems } = browser;
  await connect(page);
  await openVersion(page, 'Flight Data', 'v1');
  await page.getByRole('button', { name: 'Version actions' }).click();
  await page.getByRole('button', { name: 'Delete version' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Delete this version?' });
  const confirm = dialog.getByRole('button', { name: 'Delete version' });
  assert.equal(await confirm.isDisabled(), true);
  await dialog.getByLabel("Type the version's name to confirm").fill('v2');
  assert.equal(await confirm.isDisabled(), true, 'another name does not confirm');
  await dialog.getByLabel("Type the version's name to confirm").fill('v1');
  await confirm.click();
  await page.waitForURL(/\/services\?deleted=v1/);
  const product = await productId('Flight Data');
  const left = (await konnect('GET', `/v2/api-products/${product}/product-versions`)).body.data.map((v) => v.name);
  assert.deepEqual(left, ['v2']);
  assert.deepEqual(problems, []);
});

test('a taken route name typed just before moving on to Method is still flagged', async () => {
  // The lookup runs a moment after typing; typing in another field meanwhile must not cancel it.
  const { page, problems } = browser;
  await startImplementingFlightDataV1(page);
  await page.locator('#route-name').focus();
  await page.keyboard.type('flight-data-v2-route');
  await page.keyboard.press('Tab');
  await page.keyboard.type('GET');
  await page.waitForTimeout(2000); // several lookup delays
  await assertFieldError(
    page,
    'route-name',
    'A route named flight-data-v2-route already exists in this runtime group. Route names are unique and case-sensitive.',
  );
  assert.deepEqual(problems, []);
});

test('a 503 while creating the route: Retry continues without a second service', async () => {
  const { page, problems } = browser;
  const cp = await controlPlaneId('default');
  await startImplementingFlightDataV1(page);
  await fillRoute(page, { name: 'flights', methods: 'GET', paths: ['/flights'] });
  // The client repeats an ambiguous create once after looking the name up: fail both.
  const armed = await sandbox.control('/sandbox/faults', {
    method: 'POST',
    path_prefix: `/v2/control-planes/${cp}/core-entities/routes`,
    status: 503,
    count: 2,
  });
  assert.equal(armed.status, 201);
  await page.getByRole('button', { name: 'Create' }).click();

  const alert = page.getByRole('alert').filter({ hasText: 'Failed while creating the route.' });
  await alert.waitFor();
  assert.match(await page.locator('.ksh-create-progress').innerText(), /Created gateway service flight-data-v1/);
  assert.equal(await page.locator('#route-name').inputValue(), 'flights', 'everything typed is kept');
  await screenshot(page, 'service-hub-503-failed');
  assert.equal((await gatewayServices(cp)).filter((s) => s.name === 'flight-data-v1').length, 1);

  await page.getByRole('button', { name: 'Retry' }).click();
  await page.waitForURL(/created=implementation/);
  const services = (await gatewayServices(cp)).filter((s) => s.name === 'flight-data-v1');
  assert.equal(services.length, 1, 'exactly one gateway service');
  const made = (await routes(cp)).filter((r) => r.name === 'flights');
  assert.equal(made.length, 1);
  assert.deepEqual(made[0].service, { id: services[0].id });
  assert.equal((await version('Flight Data', 'v1')).version.gateway_service.id, services[0].id);
  assert.deepEqual(withoutInjected(problems, 503), []);
});

test('a 503 after Konnect already created the service and the route: still one of each', async () => {
  // The ambiguous case: the create landed but its answer was lost. The app must find what it
  // made instead of making it again.
  const { page, problems } = browser;
  const cp = await controlPlaneId('default');
  await startImplementingFlightDataV1(page);
  await fillRoute(page, { name: 'flights', methods: 'GET', paths: ['/flights'] });
  for (const entity of ['services', 'routes']) {
    const armed = await sandbox.control('/sandbox/faults', {
      method: 'POST',
      path_prefix: `/v2/control-planes/${cp}/core-entities/${entity}`,
      status: 503,
      after_commit: true,
    });
    assert.equal(armed.status, 201);
  }
  await page.getByRole('button', { name: 'Create' }).click();
  await page.waitForURL(/created=implementation/);
  const services = (await gatewayServices(cp)).filter((s) => s.name === 'flight-data-v1');
  assert.equal(services.length, 1, 'exactly one gateway service');
  const made = (await routes(cp)).filter((r) => r.name === 'flights');
  assert.equal(made.length, 1, 'exactly one route');
  assert.deepEqual(made[0].service, { id: services[0].id });
  assert.equal((await version('Flight Data', 'v1')).version.gateway_service.id, services[0].id);
  assert.deepEqual(withoutInjected(problems, 503), []);
});

test('a 401 mid-wizard asks to reconnect and keeps the draft; reload keeps it too, never the token', async () => {
  const { page, problems } = browser;
  const cp = await controlPlaneId('default');
  await startImplementingFlightDataV1(page);
  await fillRoute(page, { name: 'flights', methods: 'GET, POST', paths: ['/flights', '/flights-too'] });

  // A reload on step 2 keeps both steps; the draft never holds the token.
  await page.reload();
  await waitForApp(page);
  await page.getByRole('heading', { level: 1, name: 'Step 2 of 2: Add a Route' }).waitFor();
  assert.equal(await page.locator('#route-path-2').inputValue(), '/flights-too');
  const drafts = await page.evaluate(() =>
    Object.entries(sessionStorage).filter(([key]) => key.startsWith('konnect-service-hub:draft:implement:')),
  );
  assert.equal(drafts.length, 1);
  assert.ok(!drafts[0][1].includes(sandbox.token), 'no token in the draft');
  assert.match(drafts[0][1], /flight-data-v1/);

  // The token expires: Konnect answers 401 to the create.
  await sandbox.control('/sandbox/faults', { method: 'POST', path_prefix: '/v2/control-planes/', status: 401 });
  await page.getByRole('button', { name: 'Create' }).click();
  await page.getByRole('alert').filter({ hasText: 'Failed while creating the gateway service.' }).waitFor();
  const reconnect = page.locator('.ksh-header').getByRole('link', { name: 'Reconnect' });
  await reconnect.waitFor();
  assert.match(await page.locator('.ksh-header').innerText(), /Token expired or rejected/);
  assert.equal(
    (await gatewayServices(cp)).some((s) => s.name === 'flight-data-v1'),
    false,
    'nothing was created with the rejected token',
  );

  await reconnect.click();
  await page.waitForURL(/\/connect/);
  await page.locator('#token').fill(sandbox.token);
  await page.getByRole('button', { name: 'Connect' }).click();
  await page.waitForURL(/\/implement\/route$/);
  await page.getByRole('heading', { level: 1, name: 'Step 2 of 2: Add a Route' }).waitFor();
  assert.equal(await page.locator('#route-name').inputValue(), 'flights');
  assert.equal(await page.locator('#route-methods').inputValue(), 'GET, POST');
  assert.equal(await page.locator('#route-path-2').inputValue(), '/flights-too');
  await page.getByRole('link', { name: 'Back', exact: true }).click();
  assert.equal(await page.locator('#service-name').inputValue(), 'flight-data-v1');
  assert.equal(await page.locator('#service-url').inputValue(), `${sandbox.upstream}/flights`);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: /^(Create|Retry)$/ }).click();
  await page.waitForURL(/created=implementation/);
  assert.equal((await gatewayServices(cp)).filter((s) => s.name === 'flight-data-v1').length, 1);
  assert.deepEqual(withoutInjected(problems, 401), []);
});

/**
 * Presses Tab until the focused element is `target` (`#id`, or the exact text of a link or
 * button), at most `limit` times.
 */
async function tabTo(page, target, limit = 40) {
  const isFocused = () =>
    page.evaluate((wanted) => {
      const element = document.activeElement;
      if (!element) return false;
      return wanted.startsWith('#') ? element.id === wanted.slice(1) : element.textContent.trim() === wanted;
    }, target);
  for (let presses = 0; presses < limit; presses += 1) {
    if (await isFocused()) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`Tab never reached ${target}; focus is on ${await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120))}`);
}

test('the whole wizard by keyboard only', async () => {
  const { page, problems } = browser;
  await connect(page);
  await openVersion(page, 'Flight Data', 'v1');
  const focusedHeading = () => page.evaluate(() => (document.activeElement?.tagName === 'H1' ? document.activeElement.textContent : null));

  await tabTo(page, 'New Implementation');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Step 1 of 2: Gateway service' }).waitFor();
  assert.equal(await focusedHeading(), 'Step 1 of 2: Gateway service', 'focus moves to the step heading');
  assert.match(await page.title(), /Step 1 of 2/, 'the step is in the page title');
  const currentStep = () => page.locator('ol.ksh-wizard-steps li[aria-current="step"]').allInnerTexts();
  assert.deepEqual(await page.locator('ol.ksh-wizard-steps li').allInnerTexts(), ['Gateway service', 'Add a Route']);
  assert.deepEqual(await currentStep(), ['Gateway service'], 'the step indicator marks the current step');

  await tabTo(page, '#runtime-group');
  await page.keyboard.press('ArrowDown'); // "default"
  assert.equal(await page.locator('#runtime-group option:checked').innerText(), 'default');
  await page.keyboard.press('Tab');
  assert.equal(await activeElementId(page), 'service-name');
  await page.keyboard.type('flight-data-v1');
  await page.keyboard.press('Tab');
  assert.equal(await activeElementId(page), 'service-input-mode-url');
  await page.keyboard.press('ArrowDown'); // Add using Protocol, Host and Path
  assert.equal(await page.locator('#service-input-mode-parts').isChecked(), true);
  await tabTo(page, '#service-host');
  await page.keyboard.type(upstreamParts().host);
  await page.keyboard.press('Tab');
  assert.equal(await activeElementId(page), 'service-port');
  await page.keyboard.type(String(upstreamParts().port));
  await page.keyboard.press('Tab');
  assert.equal(await activeElementId(page), 'service-path');
  await page.keyboard.type('flights'); // missing "/"
  await tabTo(page, 'Next');
  await page.keyboard.press('Enter');
  // The summary takes focus; its link takes the user to the field.
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('ksh-error-summary')), true);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  assert.equal(await activeElementId(page), 'service-path');
  await page.keyboard.press('Home');
  await page.keyboard.type('/');
  await tabTo(page, 'Next');
  await page.keyboard.press('Enter');

  await page.getByRole('heading', { level: 1, name: 'Step 2 of 2: Add a Route' }).waitFor();
  assert.equal(await focusedHeading(), 'Step 2 of 2: Add a Route');
  assert.match(await page.title(), /Step 2 of 2/);
  assert.deepEqual(await currentStep(), ['Add a Route']);
  await tabTo(page, '#route-name');
  // The name lookup is not awaited: a free name does not need it, and typing on at once can
  // lose it (see 'a taken route name typed just before moving on').
  await page.keyboard.type('flights');
  await page.keyboard.press('Tab');
  assert.equal(await activeElementId(page), 'route-methods');
  await page.keyboard.type('GET, POST');
  await page.keyboard.press('Tab');
  assert.equal(await activeElementId(page), 'route-path-1');
  await page.keyboard.type('/flights');
  await tabTo(page, '#route-add-path');
  await page.keyboard.press('Enter');
  await eventually(async () => assert.equal(await activeElementId(page), 'route-path-2'), 1000);
  await page.keyboard.type('~/flights/[0-9]+$');
  await tabTo(page, 'View 4 Advanced Fields');
  await page.keyboard.press('Enter');
  await tabTo(page, '#route-strip-path');
  await page.keyboard.press('Space'); // strip path off
  assert.equal(await page.locator('#route-strip-path').isChecked(), false);
  await tabTo(page, 'Create');
  await page.keyboard.press('Enter');
  await page.waitForURL(/created=implementation/);
  await page.getByRole('heading', { level: 1, name: 'Flight Data · v1' }).waitFor();

  const cp = await controlPlaneId('default');
  const [route] = (await routes(cp)).filter((r) => r.name === 'flights');
  assert.deepEqual(route.paths, ['/flights', '~/flights/[0-9]+$']);
  assert.equal(route.strip_path, false);
  const [service] = (await gatewayServices(cp)).filter((s) => s.name === 'flight-data-v1');
  assert.equal(service.path, '/flights');
  assert.deepEqual(problems, []);
});

test('a click on the next control right after typing an invalid value is not lost', async () => {
  // The message appears on blur, which the mousedown of the next click causes; if it pushes the
  // clicked control down, the mouseup lands elsewhere and the click does nothing.
  const { page, problems } = browser;
  await connect(page);
  await openVersion(page, 'Flight Data', 'v1');
  await page.getByRole('link', { name: 'New Implementation' }).click();
  await page.locator('#runtime-group').waitFor();
  await page.locator('#service-name').fill('bad name');
  await page.locator('#service-input-mode-parts').click();
  // Shown once the press is over (a zero-delay timer after the click), so wait for it.
  await page.locator('#service-name-error').waitFor({ timeout: 2000 });
  assert.equal(await page.locator('#service-input-mode-parts').isChecked(), true, 'the click switched the mode');
  assert.deepEqual(problems, []);
});

test('no accessibility violations (axe-core) on any screen', async () => {
  const { page, problems } = browser;
  const found = {};
  const scan = async (screen) => {
    const violations = await accessibilityViolations(page);
    if (violations.length > 0) found[screen] = violations;
  };
  await page.goto(`${site.url}/connect`);
  await waitForApp(page);
  await page.getByRole('heading', { level: 1, name: 'Connect to Konnect' }).waitFor();
  await scan('connect');
  await connect(page);
  await page.getByRole('button', { name: 'Flight Data' }).waitFor();
  await scan('service hub');
  await page.getByRole('button', { name: 'Flight Data' }).click();
  await page.getByRole('link', { name: 'v1' }).waitFor();
  await scan('service hub, versions shown');

  await openVersion(page, 'Flight Data', 'v2');
  await page.locator('table').waitFor();
  await page.getByText('Gateway service settings').click();
  await page.locator('details.ksh-settings dl').waitFor();
  await scan('version overview (implemented), settings open');
  await page.getByRole('link', { name: 'Verify the implementation' }).click();
  await page.getByRole('region', { name: 'Status-code records' }).locator('.ksh-verify-records-summary').waitFor();
  await scan('verify');
  await openVersion(page, 'Flight Data', 'v2');
  await page.getByRole('button', { name: 'Version actions' }).click();
  await scan('version overview, actions menu open');
  await page.getByRole('button', { name: 'Delete implementation' }).click();
  await page.getByRole('alertdialog').waitFor();
  await scan('delete implementation confirmation');

  await openVersion(page, 'Flight Data', 'v1');
  await scan('version overview (not implemented)');
  await page.getByRole('button', { name: 'Version actions' }).click();
  await page.getByRole('button', { name: 'Delete version' }).click();
  await page.getByRole('alertdialog').waitFor();
  await scan('delete version confirmation');

  await openVersion(page, 'Flight Data', 'v1');
  await page.getByRole('link', { name: 'New Implementation' }).click();
  await page.getByRole('heading', { level: 1, name: 'Step 1 of 2: Gateway service' }).waitFor();
  await page.locator('#service-name').fill('bad name');
  await page.locator('#service-name').blur(); // see the lost-click test below
  await page.getByLabel('Add using Protocol, Host and Path').check();
  await page.locator('#service-protocol').selectOption('https');
  await page.getByRole('button', { name: 'View 6 Advanced Fields' }).click();
  await page.locator('#service-retries').fill('-1');
  await page.locator('#service-retries').blur(); // see the lost-click test
  await page.getByRole('button', { name: 'Next' }).click();
  await page.locator('.ksh-error-summary').waitFor();
  await scan('wizard step 1 with errors');
  await page.locator('#runtime-group').selectOption({ label: 'default' });
  await page.getByLabel('Add using URL').check();
  await page.locator('#service-name').fill('flight-data-v1');
  await page.locator('#service-url').fill('http://example.com');
  await page.locator('#service-retries').fill('');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('heading', { level: 1, name: 'Step 2 of 2: Add a Route' }).waitFor();
  await page.locator('#route-name').fill('flight-data-v2-route');
  await page.getByRole('button', { name: 'View 4 Advanced Fields' }).click();
  await page.locator('#route-hosts').fill('bad host');
  await page.locator('#route-hosts').blur(); // see the lost-click test
  await page.getByRole('button', { name: 'Add Path' }).click();
  await page.locator('#route-name-error').filter({ hasText: 'already exists' }).waitFor();
  await page.getByRole('button', { name: 'Create' }).click();
  await page.locator('.ksh-error-summary').waitFor();
  await scan('wizard step 2 with errors');

  const v2 = await versionPath('Flight Data', 'v2');
  await page.goto(`${site.url}${v2}/routes/new`);
  await page.getByRole('heading', { level: 1, name: 'Add a Route' }).waitFor();
  await page.locator('#route-name').waitFor();
  await scan('add route');
  await page.goto(`${site.url}${v2}/implementation/edit`);
  await page.locator('#service-name').waitFor();
  await scan('edit service');
  const cp = await controlPlaneId('default');
  const [route] = await routes(cp);
  await page.goto(`${site.url}${v2}/routes/${route.id}/edit`);
  await page.locator('#route-name').waitFor();
  await scan('edit route');
  await page.goto(`${site.url}${v2}/configuration`);
  await waitForApp(page);
  await page.getByRole('button', { name: /Copy/ }).first().waitFor({ timeout: 5000 }).catch(() => {
    found.configuration = ['the configuration screen did not render a Copy button'];
  });
  await scan('configuration');

  assert.deepEqual(found, {});
  assert.deepEqual(problems, []);
});

test('names and other server strings with HTML or script render as text', async () => {
  const { page, problems } = browser;
  const dialogs = [];
  page.on('dialog', async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  const hostileName = '<img src=x onerror=alert(1)>';
  const hostileVersion = '<script>alert(2)</script>';
  const product = await konnect('POST', '/v2/api-products', {
    name: hostileName,
    description: '<b onmouseover=alert(3)>bold</b>',
  });
  assert.equal(product.status, 201);
  const madeVersion = await konnect('POST', `/v2/api-products/${product.body.id}/product-versions`, {
    name: hostileVersion,
  });
  assert.equal(madeVersion.status, 201);

  await connect(page);
  const listed = page.getByRole('button', { name: hostileName });
  await listed.waitFor();
  await listed.click();
  await page.getByRole('link', { name: hostileVersion }).waitFor();
  assert.equal(await page.locator('main img, main script').count(), 0, 'the list made no element from a name');
  await page.getByRole('link', { name: hostileVersion }).click();
  await page.getByRole('heading', { level: 1, name: `${hostileName} · ${hostileVersion}` }).waitFor();
  assert.equal(await page.locator('main img').count(), 0, 'no <img> element was made from a name');
  assert.equal(await page.locator('main script, main b[onmouseover]').count(), 0);
  assert.match(await page.locator('main').innerText(), /<img src=x onerror=alert\(1\)>/);
  assert.equal(await page.title(), `${hostileName} · ${hostileVersion} · Konnect Service Hub`);
  await page.waitForTimeout(300); // give a would-be onerror handler its chance
  assert.deepEqual(dialogs, []);
  assert.deepEqual(problems, []);
});
