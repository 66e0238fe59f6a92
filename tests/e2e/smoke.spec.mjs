// smoke.spec.mjs -- the web application loads from the server, a signed-out
// visitor gets the login form, and the secretariat logs in and sees their
// name and role in the header (#whoami).

export async function servesTheApplication({ base, api }) {
  const res = await fetch(`${base}/`);
  if (res.status !== 200) throw new Error(`GET / answered ${res.status}`);
  const type = res.headers.get('content-type') || '';
  if (!type.startsWith('text/html')) throw new Error(`GET / is ${type}, not HTML`);
  const html = await res.text();
  if (/not built/i.test(html)) throw new Error('the server says the web application is not built');
  const health = await api('/healthz');
  if (health.status !== 200) throw new Error(`/healthz answered ${health.status}`);
}

export async function secretariatLogsIn({ page, base, accounts, screenshot, api }) {
  const account = accounts.secretariat;
  const { account: me } = await api.login('secretariat');

  await page.goto(`${base}/`, { waitUntil: 'domcontentloaded' });
  const email = page.locator('#login-email');
  await email.waitFor({ state: 'visible' });
  await screenshot('login');
  await email.fill(account.email);
  await page.locator('#login-password').fill(account.password);

  const login = page.waitForResponse(
    (r) => r.url().endsWith('/api/v1/auth/login') && r.request().method() === 'POST',
  );
  await page.locator('#login-submit').click();
  const res = await login;
  if (res.status() !== 200) throw new Error(`the login answered ${res.status()}`);

  const whoami = page.locator('#whoami');
  await whoami.waitFor({ state: 'visible' });
  // The header fills in once the account is known: wait for the name or
  // the role rather than for a fixed time.
  await page.waitForFunction(
    ([name, role]) => {
      const el = document.querySelector('#whoami');
      const text = el ? el.textContent : '';
      return text.includes(name) || text.toLowerCase().includes(role);
    },
    [me.name, me.role],
  );
  const text = (await whoami.textContent()) || '';
  if (!text.includes(me.name) && !text.toLowerCase().includes(me.role))
    throw new Error(`#whoami says "${text}", not "${me.name}" or "${me.role}"`);

  const stored = await page.evaluate(() => JSON.stringify(sessionStorage));
  if (!stored.includes('srs_'))
    throw new Error('the session token is not kept in sessionStorage');
  await page.waitForLoadState('networkidle');
  await screenshot('signed-in');
}
