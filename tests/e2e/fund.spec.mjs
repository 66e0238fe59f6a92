// fund.spec.mjs -- the secretariat records a pledge, signs it, receives the
// payment and commits funds through the UI.
import { uiLogin, waitText, must } from './_w2util.mjs';

export async function pledgeReceiveCommit({ page, base, accounts, screenshot, api }) {
  const sec = await api.login('secretariat');
  const fund = (await api('/api/v1/funds/1', { token: sec.token })).json;
  const org = fund.contributions[0].org_id;
  const ref = `E2E-${Date.now() % 1000000}`;

  await uiLogin(page, base, accounts.secretariat);
  await page.goto(`${base}/fund/1`, { waitUntil: 'domcontentloaded' });
  await page.locator('#pledge-amount').waitFor();
  await page.locator('#pledge-org_id').selectOption(String(org));
  await page.locator('#pledge-reference').fill(ref);
  await page.locator('#pledge-amount').fill('1000');
  await page.locator('#pledge-submit').click();
  await waitText(page, '[data-testid=contributions-table]', ref);

  const c = (await api('/api/v1/funds/1', { token: sec.token })).json.contributions.find((x) => x.reference === ref);
  must(c, 'the pledge is not in the fund');
  await page.locator(`#sign-${c.id}`).click();
  await page.locator(`#sign-${c.id}-submit`).click();
  await page.locator(`#receive-${c.id}`).waitFor();
  await page.locator(`#receive-${c.id}`).click();
  await page.locator(`#receive-${c.id}-amount`).fill('1000');
  await page.locator(`#receive-${c.id}-submit`).click();
  await page.waitForFunction((id) => !document.querySelector(`#receive-${id}`), c.id);
  const after = (await api('/api/v1/funds/1', { token: sec.token })).json.contributions.find((x) => x.id === c.id);
  must(after.status === 'paid', `contribution is ${after.status}, not paid`);
  await screenshot('pledge-received');

  const title = `E2E commitment ${ref}`;
  await page.locator('#commit-amount').fill('500');
  await page.locator('#commit-title').fill(title);
  await page.locator('#commit-recipient_org_id').fill(String(fund.commitments[0].recipient_org_id));
  await page.locator('#commit-submit').click();
  await waitText(page, '[data-testid=commitments-table]', title);
  await page.locator('#statement-org').selectOption(String(org));
  await page.locator('[data-testid=statement-table] tbody tr').first().waitFor();
  await screenshot('fund');
}
