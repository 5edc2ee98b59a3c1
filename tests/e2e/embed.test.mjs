// Issue 8 end to end: the app embedded in a host page, twice, against the local Konnect sandbox.
//
// The host page (served beside dist/, as a portal would serve its own pages) has its own header,
// its own router (pushState) and aggressive global CSS. It imports dist/konnect-service-hub.js,
// supplies the token through its own function, and listens for the app's events. Set E2E_DIST
// to test another build directory than dist/.
import { test, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { DIST, closeWithScreenshot, eventually, launchBrowser, serveStatic, startSandbox } from './harness.mjs';

let sandbox;
let site;
let browser;

// A portal's global rules at their worst: if any of the app's styles leaked out (or its
// elements restyled the page), the host's computed styles would change.
const HOST_CSS = `
  * { box-sizing: content-box; letter-spacing: 0.5px; }
  html { font-size: 18px; }
  body { margin: 0; font-family: Georgia, serif; color: rgb(20, 20, 60); background: rgb(250, 245, 230); }
  header { display: flex; gap: 24px; padding: 12px 20px; background: rgb(30, 60, 90); color: white; }
  h1 { font-size: 28px; margin: 0; text-transform: uppercase; }
  a { color: rgb(200, 30, 30); text-decoration: underline dotted; }
  button { background: hotpink; border: 3px solid black; border-radius: 0; font-size: 20px; }
  section, div { padding: 4px; }
  input, select, textarea { border: 2px dashed orange; }
  table { border-collapse: separate; }
  .card { margin: 16px; border: 1px solid gray; }
  /* The portal's brand colour, through the app's documented custom property. */
  #hub-a .ksh-app { --ksh-accent: rgb(106, 27, 154); }
`;

const HOST_BODY = `
  <header id="host-header">
    <h1 id="host-title">Acme Portal</h1>
    <nav id="host-nav"><a href="/portal/" data-host-link>Home</a> <a href="/portal/apis" data-host-link>APIs</a></nav>
    <button id="host-button" type="button">Sign out</button>
  </header>
  <p id="host-route">home</p>
  <section class="card"><h2 id="host-heading">First hub</h2><div id="hub-a"></div></section>
  <section class="card"><h2>Second hub</h2><div id="hub-b"></div></section>
  <footer id="host-footer"><input id="host-input" value="search the portal"></footer>
`;

// The host's own router and its token function. The token comes from the portal's "login"
// (here: a value the test hands over), never from the app.
const HOST_SCRIPT = `
  window.events = [];
  window.tokenCalls = 0;
  window.hostToken = async () => { window.tokenCalls += 1; return window.portalSession; };
  for (const name of ['connected', 'implementation-created', 'implementation-updated',
      'implementation-deleted', 'version-deleted', 'route-added', 'route-updated', 'route-deleted',
      'verify-result']) {
    document.addEventListener('konnect-service-hub:' + name, (event) => {
      window.events.push({ type: event.type, root: event.target.id, detail: event.detail });
    });
  }
  // The portal's router: pushState, and it owns the path.
  document.addEventListener('click', (event) => {
    const link = event.target.closest('a[data-host-link]');
    if (!link) return;
    event.preventDefault();
    history.pushState({}, '', link.getAttribute('href'));
    document.getElementById('host-route').textContent = location.pathname === '/portal/apis' ? 'apis' : 'home';
  });
`;

function hostPage({ api, withModule }) {
  const module = withModule
    ? `<script type="module">
        import start, { mount } from '/konnect-service-hub.js';
        window.ksh = { start, mount };
        window.ready = true;
      </script>`
    : '';
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Acme Portal</title>
    <style>${HOST_CSS}</style></head><body data-api="${api}">${HOST_BODY}
    <script>${HOST_SCRIPT}</script>${module}</body></html>`;
}

function declarativePage({ api, versionPath }) {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Acme Docs</title>
    <style>${HOST_CSS}</style></head><body>
    <header id="host-header"><h1 id="host-title">Acme Docs</h1></header>
    <script>window.portalToken = () => Promise.resolve(window.portalSession);</script>
    <div id="declared" data-konnect-service-hub data-region="local" data-api-base="${api}"
         data-version="${versionPath}" data-token-provider="portalToken">Loading the Service Hub…</div>
    <div id="misconfigured" data-konnect-service-hub data-region="mars"></div>
    <script type="module" src="/konnect-service-hub.js"></script>
    </body></html>`;
}

async function konnect(method, pathname) {
  const response = await fetch(`${sandbox.api}${pathname}`, {
    method,
    headers: { authorization: `Bearer ${sandbox.token}` },
  });
  return response.json();
}

async function flightDataV1() {
  const products = await konnect('GET', `/v2/api-products?filter[name]=${encodeURIComponent('Flight Data')}`);
  const product = products.data[0].id;
  const versions = await konnect('GET', `/v2/api-products/${product}/product-versions`);
  const version = versions.data.find((v) => v.name === 'v1').id;
  return { product, version };
}

before(async () => {
  sandbox = await startSandbox();
  const dist = process.env.E2E_DIST ?? DIST;
  // The host pages are built per test (they name sandbox ids); serveStatic takes fixed routes,
  // so they are served from a small mutable table.
  site = await serveStatic({ dir: dist, extraRoutes: pages });
});

const pages = {};

after(async () => {
  await site?.close();
  await sandbox?.stop();
});

beforeEach(async () => {
  assert.equal((await sandbox.control('/sandbox/reset')).status, 204);
  browser = await launchBrowser();
});

afterEach(async (context) => {
  if (!browser) return;
  await closeWithScreenshot(browser, 'embed', context.name);
  browser = undefined;
});

/** Computed styles of the host's own elements: what the app must never change. */
async function hostStyles(page) {
  return page.evaluate(() => {
    const properties = ['font-family', 'font-size', 'color', 'background-color', 'margin-top', 'padding-top',
      'border-top-style', 'border-top-width', 'box-sizing', 'letter-spacing', 'text-transform', 'display', 'width', 'height'];
    const result = {};
    for (const selector of ['html', 'body', '#host-header', '#host-title', '#host-nav a', '#host-button',
      '#host-route', '#host-heading', '#host-footer', '#host-input']) {
      const style = getComputedStyle(document.querySelector(selector));
      result[selector] = Object.fromEntries(properties.map((p) => [p, style.getPropertyValue(p)]));
      // The page grows by the app's height, which is the point of embedding it.
      if (selector === 'html' || selector === 'body') delete result[selector].height;
    }
    return result;
  });
}

/** Window and document listeners by type, through the DevTools protocol. */
async function globalListeners(page) {
  const cdp = await page.context().newCDPSession(page);
  const counts = {};
  for (const expression of ['window', 'document']) {
    const { result } = await cdp.send('Runtime.evaluate', { expression });
    const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId });
    for (const listener of listeners) counts[`${expression}:${listener.type}`] = (counts[`${expression}:${listener.type}`] ?? 0) + 1;
  }
  await cdp.detach();
  return counts;
}

/**
 * Ids that several elements of the page share, and references (label `for`, `aria-*`) of each
 * instance that name nothing or an element of another instance.
 */
async function idProblems(page) {
  return page.evaluate(() => {
    const counts = {};
    for (const element of document.querySelectorAll('[id]')) counts[element.id] = (counts[element.id] ?? 0) + 1;
    const duplicates = Object.keys(counts).filter((id) => counts[id] > 1);
    const strays = [];
    for (const hub of document.querySelectorAll('#hub-a, #hub-b')) {
      for (const attribute of ['for', 'aria-describedby', 'aria-labelledby', 'aria-controls']) {
        for (const element of hub.querySelectorAll(`[${attribute}]`)) {
          for (const id of element.getAttribute(attribute).split(/\s+/).filter(Boolean)) {
            const target = document.getElementById(id);
            if (!target || !hub.contains(target)) strays.push(`${hub.id}: ${attribute}=${id}`);
          }
        }
      }
    }
    return { duplicates, strays };
  });
}

/** The ids inside one instance. */
async function idsIn(hub) {
  return hub.evaluate((root) => [...root.querySelectorAll('[id]')].map((element) => element.id));
}

test('a host page embeds the app twice, implements a version in one, and unmounts both cleanly', async () => {
  const { page, problems } = browser;
  const { product, version } = await flightDataV1();
  pages['/portal/'] = { type: 'text/html; charset=utf-8', body: hostPage({ api: sandbox.api, withModule: true }) };
  await page.goto(`${site.url}/portal/`);
  await page.waitForFunction(() => window.ready === true);
  await page.evaluate((token) => { window.portalSession = token; }, sandbox.token);

  const stylesBefore = await hostStyles(page);
  const listenersBefore = await globalListeners(page);
  const titleBefore = await page.title();

  await page.evaluate(async ({ api, product, version }) => {
    await window.ksh.start();
    const common = { region: 'local', apiBase: api, tokenProvider: window.hostToken };
    window.hubA = window.ksh.mount(document.getElementById('hub-a'), { ...common, service: product, version });
    window.hubB = window.ksh.mount(document.getElementById('hub-b'), { ...common, routing: 'hash', start: '/services' });
  }, { api: sandbox.api, product, version });

  const hubA = page.locator('#hub-a');
  const hubB = page.locator('#hub-b');
  await hubA.getByRole('heading', { level: 1, name: 'Flight Data · v1' }).waitFor();
  await hubB.getByRole('heading', { level: 1, name: 'Service Hub' }).waitFor();
  assert.equal(await hubA.getByRole('link', { name: 'Connection' }).count(), 0, 'no connect screen: the host connects');
  assert.equal(new URL(page.url()).pathname, '/portal/', 'memory routing leaves the host URL alone');
  // The hash instance starts by naming its screen in the fragment; the memory one never writes it.
  assert.equal(new URL(page.url()).hash, '#/services');

  // The first instance keeps the plain ids; the second one's are prefixed, so nothing clashes.
  const idsA = await idsIn(hubA);
  const idsB = await idsIn(hubB);
  assert.ok(idsA.includes('version-actions'), `plain ids in the first instance: ${idsA}`);
  assert.ok(idsA.every((id) => !id.startsWith('ksh')), `no prefix in the first instance: ${idsA}`);
  assert.ok(idsB.includes('ksh2-service-search'), `prefixed ids in the second instance: ${idsB}`);
  assert.ok(idsB.every((id) => id.startsWith('ksh2-')), `every id of the second instance prefixed: ${idsB}`);
  assert.deepEqual(await idProblems(page), { duplicates: [], strays: [] });

  // The host's element rules stop at the app's root.
  const appHeading = await hubA.locator('h1').evaluate((e) => {
    const style = getComputedStyle(e);
    return { textTransform: style.textTransform, letterSpacing: style.letterSpacing, fontFamily: style.fontFamily };
  });
  assert.equal(appHeading.textTransform, 'none');
  assert.equal(appHeading.letterSpacing, 'normal');
  assert.doesNotMatch(appHeading.fontFamily, /Georgia/);

  // The host's colour reached the first instance only.
  const accent = (hub) => hub.locator('.ksh-button-primary').first().evaluate((e) => getComputedStyle(e).backgroundColor);
  assert.equal(await accent(hubA), 'rgb(106, 27, 154)');

  // The implementation wizard, inside the first instance only.
  await hubA.getByRole('link', { name: 'New Implementation' }).click();
  await hubA.getByRole('heading', { level: 1, name: 'Step 1 of 2: Gateway service' }).waitFor();
  await hubA.locator('#runtime-group').waitFor();
  assert.deepEqual(await idProblems(page), { duplicates: [], strays: [] }, 'wizard beside the Service Hub');
  await hubA.locator('#runtime-group').selectOption({ label: 'default' });
  await hubA.locator('#service-name').fill('flight-data-v1');
  await hubA.locator('#service-url').fill(`${sandbox.upstream}/flights`);
  await hubA.getByRole('button', { name: 'Next' }).click();
  await hubA.getByRole('heading', { level: 1, name: 'Step 2 of 2: Add a Route' }).waitFor();
  await hubA.locator('#route-name').fill('flight-data-v1-route');
  await hubA.locator('#route-methods').fill('GET');
  await hubA.locator('#route-path-1').fill('/flight-data/v1');
  await hubA.getByRole('button', { name: 'Create' }).click();
  await hubA.getByRole('status').filter({ hasText: 'Implementation created' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/portal/', 'still the host URL after the wizard');
  assert.equal(new URL(page.url()).hash, '#/services', 'the memory instance never wrote the fragment');

  // The second instance routes in the fragment, and the host's router keeps working beside it.
  await hubB.getByRole('button', { name: 'Payments' }).click();
  await hubB.getByRole('link', { name: '2024-01' }).click();
  await hubB.getByRole('heading', { level: 1, name: 'Payments · 2024-01' }).waitFor();
  assert.match(new URL(page.url()).hash, /^#\/services\/[^/]+\/versions\/[^/]+$/);
  await page.locator('#host-nav').getByRole('link', { name: 'APIs' }).click();
  assert.equal(await page.locator('#host-route').innerText(), 'apis');
  assert.equal(new URL(page.url()).pathname, '/portal/apis');
  await hubA.getByRole('heading', { level: 1, name: 'Flight Data · v1' }).waitFor();
  // Both instances show a version overview: the same screen, with the same local ids.
  await hubA.locator('#verify-heading').waitFor();
  await hubB.locator('#ksh2-version-actions').waitFor();
  assert.deepEqual(await idProblems(page), { duplicates: [], strays: [] }, 'two version overviews');

  // Events: both instances connected; the wizard reported what it made; no token anywhere.
  const events = await eventually(async () => {
    const events = await page.evaluate(() => window.events);
    assert.ok(events.some((e) => e.type === 'konnect-service-hub:implementation-created'));
    return events;
  }, 10000);
  const connected = events.filter((e) => e.type === 'konnect-service-hub:connected');
  assert.deepEqual(connected.map((e) => e.root).sort(), ['hub-a', 'hub-b']);
  assert.deepEqual(connected[0].detail, { organization: 'Local sandbox', region: 'local' });
  const created = events.find((e) => e.type === 'konnect-service-hub:implementation-created');
  assert.equal(created.root, 'hub-a');
  assert.equal(created.detail.serviceId, product);
  assert.equal(created.detail.versionId, version);
  assert.equal(created.detail.gatewayServiceName, 'flight-data-v1');
  assert.equal(created.detail.routeName, 'flight-data-v1-route');
  assert.match(created.detail.gatewayServiceId, /^[0-9a-f-]{36}$/);
  assert.match(created.detail.controlPlaneId, /^[0-9a-f-]{36}$/);
  assert.ok(!JSON.stringify(events).includes(sandbox.token), 'no event carries the token');
  assert.ok((await page.evaluate(() => window.tokenCalls)) >= 5, 'every request asked the host for the token');

  // Nothing of the app's is in the host's storage or title, and the token is nowhere.
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
  assert.ok(!stored.includes(sandbox.token), 'the token is never stored');
  const keys = await page.evaluate(() => [...Object.keys(localStorage), ...Object.keys(sessionStorage)]);
  assert.ok(keys.every((key) => key.startsWith('konnect-service-hub:')), `only prefixed keys: ${keys}`);
  assert.equal(await page.title(), titleBefore, 'the host keeps its title');

  assert.deepEqual(await hostStyles(page), stylesBefore, 'the host looks exactly as before');

  // Unmount both: empty containers, and every listener the app added is gone.
  await page.evaluate(() => { window.hubA.unmount(); window.hubB.unmount(); });
  assert.equal(await hubA.innerHTML(), '');
  assert.equal(await hubB.innerHTML(), '');
  assert.deepEqual(await globalListeners(page), listenersBefore, 'no leaked window or document listeners');
  assert.deepEqual(await hostStyles(page), stylesBefore, 'and after unmounting too');

  // Mounting again works, and an event from the new instance still arrives.
  await page.evaluate(({ api }) => {
    window.hubA = window.ksh.mount(document.getElementById('hub-a'), {
      region: 'local', apiBase: api, tokenProvider: window.hostToken, start: '/services',
    });
  }, { api: sandbox.api });
  await hubA.getByRole('heading', { level: 1, name: 'Service Hub' }).waitFor();
  // Alone on the page again, the instance has the plain ids.
  assert.ok((await idsIn(hubA)).includes('service-search'));
  await page.evaluate(() => window.hubA.unmount());
  assert.deepEqual(await globalListeners(page), listenersBefore);
  assert.deepEqual(problems, []);
});

test('an embedded app whose host cannot supply a token says so, and keeps what was typed', async () => {
  const { page, problems } = browser;
  pages['/portal/'] = { type: 'text/html; charset=utf-8', body: hostPage({ api: sandbox.api, withModule: true }) };
  await page.goto(`${site.url}/portal/`);
  await page.waitForFunction(() => window.ready === true);
  // Signed out: the host's function returns nothing.
  await page.evaluate(async ({ api }) => {
    await window.ksh.start();
    window.hubA = window.ksh.mount(document.getElementById('hub-a'), {
      region: 'local', apiBase: api, tokenProvider: window.hostToken, start: '/services',
    });
  }, { api: sandbox.api });
  const hubA = page.locator('#hub-a');
  await hubA.getByText('The host page supplied no Konnect token').first().waitFor();
  await hubA.getByText('Token expired or rejected').waitFor();
  assert.deepEqual(problems, []);
});

test('the declarative form: markup alone mounts the app on one version', async () => {
  const { page, problems } = browser;
  const { product, version } = await flightDataV1();
  pages['/docs/'] = {
    type: 'text/html; charset=utf-8',
    body: declarativePage({ api: sandbox.api, versionPath: `${product}/${version}` }),
  };
  await page.addInitScript((token) => { window.portalSession = token; }, sandbox.token);
  await page.goto(`${site.url}/docs/`);
  const declared = page.locator('#declared');
  await declared.getByRole('heading', { level: 1, name: 'Flight Data · v1' }).waitFor();
  assert.match(await declared.innerText(), /Not implemented/);
  assert.ok(!(await declared.innerText()).includes('Loading the Service Hub…'), 'the placeholder made room');
  await page.locator('#misconfigured').getByText('Konnect Service Hub cannot start: Unknown region "mars"').waitFor();
  assert.equal(new URL(page.url()).pathname, '/docs/');
  assert.deepEqual(
    problems.filter((p) => !p.includes('Unknown region "mars"')),
    [],
    'the only console error is the one about the misconfigured element',
  );
});
