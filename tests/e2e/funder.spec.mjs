// Funder: its budget in each call, the proposals asking it for money, and a
// national decision. The demo's funder account belongs to an agency that
// funds no demo call, so the test also makes (as the secretariat, through
// the API) a funder account for the Russian Science Foundation (org 38),
// a funder of calls 1 and 3.
async function login(page, base, email, password, role) {
  await page.goto(`${base}/login`);
  await page.fill('#login-email', email);
  await page.fill('#login-password', password);
  await page.click('#login-submit');
  await page.waitForFunction((r) => {
    const w = document.querySelector('#whoami');
    return w && w.textContent.toLowerCase().includes(r);
  }, role);
}

export async function funderSeesBudgetsAndDecides({ page, base, accounts, screenshot, api }) {
  const { token } = await api.login('secretariat');
  const email = `rsf-e2e-${Date.now()}@serai.example`;
  const password = 'e2e-funder-password';
  const r = await api('/api/v1/accounts', { method: 'POST', token, body: { email, name: 'RSF Officer', role: 'funder', password, organization_id: 38, country: 'RU' } });
  if (r.status !== 201 && r.status !== 200) throw new Error(`account: ${r.status} ${r.text}`);

  await login(page, base, email, password, 'funder');
  await page.goto(`${base}/funder/budgets`);
  await page.waitForSelector('[data-testid=funder-budget-table]');
  const b = await page.textContent('[data-testid=funder-budget-table]');
  if (!b.includes('SME Innovation Partnership')) throw new Error('budget of call 1 missing');
  await page.waitForSelector('[data-testid=funder-budget-3]');
  await screenshot('budgets');

  await page.goto(`${base}/funder/proposals?call=3`);
  await page.waitForSelector('[data-testid=funder-proposal-table] tbody tr');
  await screenshot('proposals');

  await page.goto(`${base}/funder/decisions`);
  await page.waitForSelector('[data-testid=funder-decision-table]');
  const row = await page.$('[data-testid^=decision-][data-testid$=-save]');
  if (!row) throw new Error('no open decision');
  const tid = await row.getAttribute('data-testid');
  const pid = tid.split('-')[1];
  await page.selectOption(`#decision-${pid}-status`, 'national_evaluation').catch(() => {});
  await page.click(`[data-testid=${tid}]`);
  await page.waitForSelector('[data-testid=funder-decision-msg]');
  const msg = await page.textContent('[data-testid=funder-decision-msg]');
  if (!msg.includes(pid)) throw new Error(`unexpected message ${msg}`);
  await screenshot('decided');
}

export async function demoFunderWithoutCalls({ page, base, accounts, screenshot }) {
  const a = accounts.funder;
  await login(page, base, a.email, a.password, 'funder');
  await page.goto(`${base}/funder/budgets`);
  await page.waitForSelector('#funder-no-calls, [data-testid=funder-budget-table]');
  await screenshot('demo-funder');
}
