// exchange.spec.mjs -- platforms with their composition check, events with
// registration, partner search and the market.
import { uiLogin, waitText, must } from './_w2util.mjs';

export async function platformsSearchMarket({ page, base, screenshot }) {
  await page.goto(`${base}/exchange/platforms`, { waitUntil: 'domcontentloaded' });
  await page.getByRole('button', { name: 'Check composition' }).first().click();
  await page.locator('[data-testid=platform-composition] li').first().waitFor();
  await screenshot('platforms');
  await page.goto(`${base}/exchange/search`, { waitUntil: 'domcontentloaded' });
  await page.locator('#search-q').fill('water');
  await page.locator('#search-submit').click();
  await page.locator('[data-testid=search-results] tbody tr').first().waitFor();
  await screenshot('search');
  await page.goto(`${base}/exchange/market`, { waitUntil: 'domcontentloaded' });
  await page.locator('[data-testid=market-table] tbody tr').first().waitFor();
  await screenshot('market');
}

export async function eventRegistration({ page, base, accounts, screenshot }) {
  await uiLogin(page, base, accounts.applicant);
  await page.goto(`${base}/exchange/events`, { waitUntil: 'domcontentloaded' });
  await page.locator('[data-testid=events-table] tbody tr a').first().click();
  await page.locator('[data-testid=event-timetable] tbody tr').first().waitFor();
  await page.locator('#register-submit').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=registration-done]') || document.querySelector('[data-testid=problem]'));
  const ok = await page.locator('[data-testid=registration-done]').count();
  const prob = ok ? '' : await page.locator('[data-testid=problem]').textContent();
  must(ok || /already|registered/i.test(prob), `registration failed: ${prob}`);
  await screenshot('event');
}
