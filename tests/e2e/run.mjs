// run.mjs -- the end-to-end test runner (started by run.sh, which sets up
// the server and the environment below).
//
// Every tests/e2e/*.spec.mjs is a module whose exported async functions are
// tests.  Each test gets a fresh browser context (its own cookies and
// sessionStorage) and one object:
//   { browser, context, page, base, accounts, screenshot, api }
// browser     the chromium that playwright-core drives
// context     a fresh BrowserContext; page: a fresh page in it
// base        "http://127.0.0.1:PORT", the server under test
// accounts    the demo accounts by role: accounts.secretariat.email, .password
// screenshot  screenshot(name[, page]) saves BUILD/e2e-screenshots/<spec>-<test>-<name>.png
// api         api(path, {method, body, token}) -> {status, json}; and
//             api.login(role) -> {token, account} (account.name, .role)
// A test fails by throwing; a failure saves a screenshot of its page.
// Actions and navigations time out after 30 s, a whole test after 120 s.
//
// Environment: SERAI_E2E_BASE, SERAI_E2E_ACCOUNTS (the JSON of `serai demo
// --json`), SERAI_E2E_NODE (where playwright-core is installed),
// SERAI_E2E_SCREENSHOTS, SERAI_E2E_CHROMIUM, SERAI_E2E_PROFILE (a directory
// for the browser's profile), SERAI_E2E_ONLY (a part of spec file names).
import { readFileSync, readdirSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ACTION_TIMEOUT_MS = 30_000;
const TEST_TIMEOUT_MS = 120_000;

function need(name) {
  const v = process.env[name];
  if (!v) {
    console.error(`e2e: ${name} is not set (run tests/e2e/run.sh)`);
    process.exit(2);
  }
  return v;
}

const here = dirname(fileURLToPath(import.meta.url));
const base = need('SERAI_E2E_BASE');
const shots = need('SERAI_E2E_SCREENSHOTS');
const profileRoot = need('SERAI_E2E_PROFILE');
const executablePath = process.env.SERAI_E2E_CHROMIUM || '/usr/bin/chromium';
const only = process.env.SERAI_E2E_ONLY || '';
const demo = JSON.parse(readFileSync(need('SERAI_E2E_ACCOUNTS'), 'utf8'));
const accounts = Object.fromEntries(demo.accounts.map((a) => [a.role, a]));
const { chromium } = createRequire(join(need('SERAI_E2E_NODE'), 'package.json'))(
  'playwright-core',
);

async function api(path, { method = 'GET', body, token } = {}) {
  const headers = {};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(base + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(ACTION_TIMEOUT_MS),
  });
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: res.status, json, text };
}
api.login = async (role) => {
  const a = accounts[role];
  if (!a) throw new Error(`no demo account with role ${role}`);
  const r = await api('/api/v1/auth/login', {
    method: 'POST',
    body: { email: a.email, password: a.password },
  });
  if (r.status !== 200) throw new Error(`API login as ${role}: ${r.status} ${r.text}`);
  return r.json;
};

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took more than ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const safe = (s) => s.replace(/[^A-Za-z0-9_.-]+/g, '_');

const specs = readdirSync(here)
  .filter((f) => f.endsWith('.spec.mjs') && f.includes(only))
  .sort();
if (specs.length === 0) {
  console.error(`e2e: no spec matches "${only}" in ${here}`);
  process.exit(1);
}

mkdirSync(shots, { recursive: true });
mkdirSync(profileRoot, { recursive: true });
const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ['--no-sandbox', '--disable-dev-shm-usage', '--no-first-run'],
  // A fresh profile per run, removed afterwards: nothing leaks between runs.
  env: { ...process.env, HOME: profileRoot, XDG_CONFIG_HOME: profileRoot },
  timeout: ACTION_TIMEOUT_MS,
});
console.error(`e2e: chromium ${browser.version()} against ${base}`);

const failures = [];
let passed = 0;
for (const file of specs) {
  const specName = file.replace(/\.spec\.mjs$/, '');
  let mod;
  try {
    mod = await import(pathToFileURL(join(here, file)).href);
  } catch (e) {
    failures.push({ test: file, message: `cannot load: ${e.stack || e}` });
    continue;
  }
  const tests = Object.entries(mod).filter(([, fn]) => typeof fn === 'function');
  if (tests.length === 0) failures.push({ test: file, message: 'exports no test' });
  for (const [name, fn] of tests) {
    const id = `${specName}/${name}`;
    const started = Date.now();
    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(ACTION_TIMEOUT_MS);
    context.setDefaultNavigationTimeout(ACTION_TIMEOUT_MS);
    const page = await context.newPage();
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(`console: ${m.text()}`);
    });
    const screenshot = async (shot, p = page) => {
      const path = join(shots, `${safe(specName)}-${safe(name)}-${safe(shot)}.png`);
      await p.screenshot({ path, fullPage: true });
      return path;
    };
    try {
      await withTimeout(
        fn({ browser, context, page, base, accounts, screenshot, api }),
        TEST_TIMEOUT_MS,
        id,
      );
      passed++;
      console.error(`ok   ${id} (${Date.now() - started} ms)`);
    } catch (e) {
      let shot = '';
      try {
        shot = await screenshot('failure');
      } catch (se) {
        shot = `(no screenshot: ${se.message})`;
      }
      const message = [
        e && e.stack ? e.stack : String(e),
        `url: ${page.url()}`,
        `screenshot: ${shot}`,
        ...pageErrors.slice(0, 10).map((x) => `page error: ${x}`),
      ].join('\n    ');
      failures.push({ test: id, message });
      console.error(`FAIL ${id} (${Date.now() - started} ms)\n    ${message}`);
    } finally {
      await context.close().catch(() => {});
    }
  }
}
await browser.close();
rmSync(profileRoot, { recursive: true, force: true });

console.error(`e2e: ${passed} passed, ${failures.length} failed; screenshots in ${shots}`);
for (const f of failures) console.error(`  FAILED ${f.test}`);
process.exit(failures.length === 0 && passed > 0 ? 0 : 1);
