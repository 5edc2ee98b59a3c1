// The Verify panel (issue 6) against the local sandbox: its data plane answers for real, its echo
// upstream answers every request, and its request records feed the status-code table.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DIST, eventually, launchBrowser, screenshot, serveStatic, startSandbox, waitForApp } from './harness.mjs';

// While developing, VERIFY_DIST points at a private build; the final run uses dist/.
const dir = process.env.VERIFY_DIST ?? DIST;

let sandbox;
let site;
let browser;
let ids;

/** A Konnect API call to a sandbox (the main one unless given), with its token. */
async function api(method, pathname, body, target = sandbox) {
  const response = await fetch(`${target.api}${pathname}`, {
    method,
    headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${pathname}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/**
 * Implements "Flight Data" v1 in the "default" runtime group through the API (the wizard has its
 * own tests): a gateway service to the echo upstream, the route `/flights`, and a regex route.
 */
async function implementFlightDataV1() {
  const [controlPlane] = (await api('GET', '/v2/control-planes?filter%5Bname%5D=default')).data;
  const [product] = (await api('GET', '/v2/api-products?filter%5Bname%5D=Flight%20Data')).data;
  const [version] = (await api('GET', `/v2/api-products/${product.id}/product-versions?filter%5Bname%5D=v1`)).data;
  const core = `/v2/control-planes/${controlPlane.id}/core-entities`;
  const service = await api('POST', `${core}/services`, { name: 'flight-data-v1', url: sandbox.upstream });
  await api('POST', `${core}/services/${service.id}/routes`, { name: 'flights', paths: ['/flights'], methods: ['GET'] });
  await api('POST', `${core}/services/${service.id}/routes`, {
    name: 'flight-by-number',
    paths: ['~/flight-numbers/[A-Z]{2}[0-9]+$'],
    methods: ['GET', 'POST'],
  });
  await api('PATCH', `/v2/api-products/${product.id}/product-versions/${version.id}`, {
    gateway_service: { id: service.id, control_plane_id: controlPlane.id },
  });
  return { controlPlane: controlPlane.id, product: product.id, version: version.id, service: service.id };
}

/** Opens the page already connected, as a remembered connection would. */
async function openConnected(page, origin, pathname, token) {
  const connection = JSON.stringify({
    region: 'local',
    access: { mode: 'proxy', prefix: '/konnect' },
    sandbox_url: 'http://127.0.0.1:8070',
    token,
    remember: true,
  });
  await page.goto(`${origin}/connect`);
  await waitForApp(page);
  await page.evaluate((value) => sessionStorage.setItem('konnect-service-hub:connection', value), connection);
  await page.goto(`${origin}${pathname}`);
  await waitForApp(page);
}

/**
 * Page errors and console errors, except those Verify causes on purpose: Chromium logs every
 * failed or 4xx load as a console error, so a 404 from the proxy, a refused connection and its
 * probe are expected when they concern a proxy address (`proxyHosts`).
 */
function watchProblems(page, proxyHosts) {
  const problems = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const url = message.location()?.url ?? '';
    const fromProxy = proxyHosts().some((host) => url.includes(host));
    if (!fromProxy && !/favicon\.ico/.test(url)) problems.push(`console: ${message.text()} (${url})`);
  });
  return () => problems.splice(0);
}

let takeProblems;

function route(page, name) {
  return page.getByRole('article', { name: `Route ${name}` });
}

before(async () => {
  sandbox = await startSandbox();
  ids = await implementFlightDataV1();
  site = await serveStatic({ dir, proxies: { '/konnect/local/': `${sandbox.api}/` } });
  browser = await launchBrowser();
  takeProblems = watchProblems(browser.page, () => [new URL(sandbox.proxy).host]);
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.url });
  await openConnected(browser.page, site.url, `/services/${ids.product}/versions/${ids.version}/verify`, sandbox.token);
  await browser.page.getByRole('heading', { level: 2, name: 'Send a request' }).waitFor();
});

after(async () => {
  await browser?.close();
  await site?.close();
  await sandbox?.stop();
});

test('the proxy URL is validated next to the field and remembered per runtime group', async () => {
  const { page } = browser;
  const field = page.getByLabel('Proxy URL');
  assert.equal(await field.inputValue(), 'http://localhost:8000', 'the default of Konnect runtime instances');
  await field.fill('localhost:8000');
  assert.equal(await field.getAttribute('aria-invalid'), 'true');
  assert.equal(await field.getAttribute('aria-describedby'), 'verify-proxy-url-help verify-proxy-url-error');
  assert.equal(
    await page.locator('#verify-proxy-url-error').innerText(),
    'Start with http:// or https://, for example http://localhost:8000.',
  );
  assert.equal(
    await route(page, 'flights').getByLabel('Equivalent curl command').inputValue(),
    "curl -i 'http://localhost:8000/flights'",
    'the command keeps the last valid address while the field is corrected',
  );
  await field.fill(`${sandbox.proxy}/`);
  assert.equal(await field.getAttribute('aria-invalid'), 'false');
  const stored = await page.evaluate(
    (key) => localStorage.getItem(key),
    `konnect-service-hub:verify-proxy-url:${ids.controlPlane}`,
  );
  assert.equal(stored, `${sandbox.proxy}/`);
  await screenshot(page, 'verify-proxy-url');
  assert.deepEqual(takeProblems(), []);
});

test('Send by keyboard: 200 with the echo upstream body, and the 200 appears in the records', async () => {
  const { page } = browser;
  const flights = route(page, 'flights');
  assert.equal(await flights.getByLabel('Method').inputValue(), 'GET');
  assert.equal(await flights.getByLabel('Path').inputValue(), '/flights');
  assert.equal(
    await flights.getByLabel('Equivalent curl command').inputValue(),
    `curl -i '${sandbox.proxy}/flights'`,
  );

  await flights.getByLabel('Path').focus();
  await page.keyboard.press('Enter');
  const summary = flights.getByRole('status').filter({ hasText: 'GET /flights:' });
  await summary.waitFor();
  assert.match(await summary.innerText(), /^GET \/flights: 200 OK in \d+ ms\.$/);
  const result = flights.locator('.ksh-verify-result');
  assert.equal(await result.getAttribute('data-outcome'), 'answered');
  assert.equal(await result.locator('.ksh-verify-code').innerText(), '200');
  const body = JSON.parse(await result.locator('.ksh-verify-body').innerText());
  assert.equal(body.method, 'GET');
  assert.equal(body.path, '/', 'strip_path removed /flights before the upstream');
  assert.equal(body.headers['x-forwarded-path'], '/flights');
  await result.getByText(/^Response headers the browser lets this page read \(\d+\)$/).click();
  assert.match(await result.locator('.ksh-verify-headers dl').innerText(), /via/i);

  // Records take a moment: the table refreshes on its own after the Send.
  const records = page.getByRole('region', { name: 'Status-code records' });
  const okRow = records.locator('tbody tr').filter({ has: page.getByRole('rowheader', { name: '200' }) });
  await okRow.waitFor({ timeout: 15000 });
  assert.equal(await okRow.locator('td').first().innerText(), '1');
  assert.match(await okRow.locator('td').nth(1).innerText(), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/);
  assert.equal(
    await records.locator('.ksh-verify-records-summary').innerText(),
    '1 request in the last hour: 200 × 1.',
  );
  await screenshot(page, 'verify-200-and-records');
  assert.deepEqual(takeProblems(), []);
});

test('the curl command is copied with the Copy button', async () => {
  const { page } = browser;
  const flights = route(page, 'flights');
  await flights.getByRole('button', { name: 'Copy curl command' }).click();
  await flights.getByRole('status').filter({ hasText: 'Copied.' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), `curl -i '${sandbox.proxy}/flights'`);
  assert.deepEqual(takeProblems(), []);
});

test('a path no route matches: the 404 from the proxy is explained, not blamed on the route', async () => {
  const { page } = browser;
  const flights = route(page, 'flights');
  await flights.getByLabel('Path').fill('/nowhere');
  assert.equal(
    await flights.locator('#verify-0-path-check').innerText(),
    'Does not match the route path /flights: the proxy would not send this request to this route.',
  );
  await flights.getByRole('button', { name: 'Send' }).click();
  await flights.getByRole('status').filter({ hasText: 'GET /nowhere:' }).waitFor();
  const result = flights.locator('.ksh-verify-result');
  assert.equal(await result.getAttribute('data-outcome'), 'no-route');
  assert.equal(await result.locator('.ksh-verify-code').innerText(), '404');
  const explanation = await result.locator('.ksh-verify-explanation').innerText();
  assert.match(explanation, /The proxy is up but no route matches this method, host and path\./);
  assert.match(explanation, /none of its routes accepts GET \/nowhere/);
  assert.equal(await result.locator('.ksh-verify-body').innerText(), '{"message":"no Route matched with those values"}');
  await screenshot(page, 'verify-404-no-route');
  assert.deepEqual(takeProblems(), []);
});

test('a regex route: the concrete path is checked live, then sent', async () => {
  const { page } = browser;
  const byNumber = route(page, 'flight-by-number');
  const path = byNumber.getByLabel('Path');
  const check = byNumber.locator('#verify-1-path-check');
  assert.equal(await check.innerText(), 'Matches the route path ~/flight-numbers/[A-Z]{2}[0-9]+$.', 'the example matches');
  await path.fill('/flight-numbers/kl1234');
  assert.equal(
    await check.innerText(),
    'Does not match the route path ~/flight-numbers/[A-Z]{2}[0-9]+$: the proxy would not send this request to this route.',
  );
  assert.equal(await path.getAttribute('aria-invalid'), 'true');
  await path.fill('/flight-numbers/KL1234');
  assert.equal(await check.innerText(), 'Matches the route path ~/flight-numbers/[A-Z]{2}[0-9]+$.');
  assert.equal(await path.getAttribute('aria-describedby'), 'verify-1-path-check');

  await byNumber.getByLabel('Method').selectOption('POST');
  assert.equal(
    await byNumber.getByLabel('Equivalent curl command').inputValue(),
    `curl -i -X POST '${sandbox.proxy}/flight-numbers/KL1234'`,
  );
  await byNumber.getByRole('button', { name: 'Send' }).click();
  await byNumber.getByRole('status').filter({ hasText: 'POST /flight-numbers/KL1234:' }).waitFor();
  const result = byNumber.locator('.ksh-verify-result');
  assert.equal(await result.getAttribute('data-outcome'), 'answered');
  assert.equal(await result.locator('.ksh-verify-code').innerText(), '200');
  const body = JSON.parse(await result.locator('.ksh-verify-body').innerText());
  assert.equal(body.method, 'POST');
  assert.equal(body.headers['x-forwarded-path'], '/flight-numbers/KL1234');
  await screenshot(page, 'verify-regex-route');
  assert.deepEqual(takeProblems(), []);
});

test('with the proxy stopped: no answer, explained honestly, and the records refresh by hand', async () => {
  const { page } = browser;
  assert.equal((await sandbox.control('/sandbox/proxy/stop')).status, 204);
  try {
    const flights = route(page, 'flights');
    await flights.getByLabel('Path').fill('/flights');
    // By keyboard: Send is busy while it runs, yet keeps the focus for the next try.
    await flights.getByRole('button', { name: 'Send' }).focus();
    await page.keyboard.press('Enter');
    const origin = new URL(sandbox.proxy).origin;
    const summary = flights.getByRole('status').filter({ hasText: 'GET /flights: No answer' });
    await summary.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Send');
    assert.equal(await summary.innerText(), `GET /flights: No answer from ${origin}. Is a runtime instance running there?`);
    const result = flights.locator('.ksh-verify-result');
    assert.equal(await result.getAttribute('data-outcome'), 'no-answer');
    assert.equal(await result.locator('.ksh-verify-code').count(), 0, 'no status: nothing answered');
    const explanation = await result.locator('.ksh-verify-explanation').innerText();
    assert.match(explanation, /If one is running, the browser may have blocked the answer \(CORS\)/);
    assert.match(explanation, /enable Kong's CORS plugin \(name: cors\) on this route or its gateway service/);
    assert.match(explanation, /This is not a failure of the route/);
    await screenshot(page, 'verify-proxy-stopped');

    const records = page.getByRole('region', { name: 'Status-code records' });
    await records.getByRole('button', { name: 'Refresh' }).click();
    // The button's label changes on the next render, so "Refresh" may still show before the
    // refresh has begun: wait for the refreshed summary itself.
    // The no-route 404 belongs to no gateway service, and nothing reached the stopped proxy.
    await eventually(async () => {
      const summaryText = await records.locator('.ksh-verify-records-summary').innerText();
      assert.equal(summaryText, '2 requests in the last hour: 200 × 2.');
    });
  } finally {
    assert.equal((await sandbox.control('/sandbox/proxy/start')).status, 204);
  }
  assert.deepEqual(takeProblems(), []);
});

test('with CORS off on the proxy: the answer was withheld, and the CORS plugin is named', async () => {
  // Plain Kong adds no CORS headers: the browser gets the answer but will not show it to the page.
  const plain = await startSandbox({ args: ['--proxy-cors', 'off'] });
  const plainSite = await serveStatic({ dir, proxies: { '/konnect/local/': `${plain.api}/` } });
  const page = await browser.context.newPage();
  try {
    // "Flight Data" v2 comes implemented in the seed, with the route /flight-data/v2.
    const [product] = (await api('GET', '/v2/api-products?filter%5Bname%5D=Flight%20Data', undefined, plain)).data;
    const [version] = (
      await api('GET', `/v2/api-products/${product.id}/product-versions?filter%5Bname%5D=v2`, undefined, plain)
    ).data;
    await openConnected(page, plainSite.url, `/services/${product.id}/versions/${version.id}/verify`, plain.token);
    await page.getByLabel('Proxy URL').fill(plain.proxy);
    const seeded = route(page, 'flight-data-v2-route');
    await seeded.getByRole('button', { name: 'Send' }).click();
    const summary = seeded.getByRole('status').filter({ hasText: 'GET /flight-data/v2:' });
    await summary.waitFor();
    const origin = new URL(plain.proxy).origin;
    assert.equal(
      await summary.innerText(),
      `GET /flight-data/v2: ${origin} answered, but the browser did not let this page read the answer (CORS).`,
    );
    const result = seeded.locator('.ksh-verify-result');
    assert.equal(await result.getAttribute('data-outcome'), 'cors');
    assert.match(
      await result.locator('.ksh-verify-explanation').innerText(),
      new RegExp(`enable Kong's CORS plugin \\(name: cors\\) on this route or its gateway service, with ${plainSite.url} in its origins`),
    );
    // The proxy did serve the route: its record shows what the browser kept from the page.
    const records = page.getByRole('region', { name: 'Status-code records' });
    await records
      .locator('.ksh-verify-records-summary')
      .filter({ hasText: '1 request in the last hour: 200 × 1.' })
      .waitFor({ timeout: 15000 });
    await screenshot(page, 'verify-cors-withheld');
  } finally {
    await page.close();
    await plainSite.close();
    await plain.stop();
  }
});
