// Secretariat: calls and templates, the assignment run with its summary and
// charts, the ranking list, the selection with the budget burn-down and a
// what-if run, and a real grant step: a report submitted and accepted, then
// the next tranche paid.
async function login(page, base, acct) {
  await page.goto(`${base}/login`);
  await page.fill('#login-email', acct.email);
  await page.fill('#login-password', acct.password);
  await page.click('#login-submit');
  await page.waitForFunction((role) => {
    const w = document.querySelector('#whoami');
    return w && w.textContent.toLowerCase().includes(role);
  }, acct.role);
}

export async function secretariatWalksTheEvaluation({ page, base, accounts, screenshot }) {
  await login(page, base, accounts.secretariat);
  await page.goto(`${base}/secretariat/calls`);
  await page.waitForSelector('[data-testid=sec-call-3]');
  await page.click('#new-call-toggle');
  await page.waitForSelector('[data-testid=call-template]');
  await page.selectOption('[data-testid=call-template]', 'belmont');
  const rules = await page.inputValue('[data-testid=call-rules]');
  if (!rules.includes('min_countries')) throw new Error('template not applied');
  await screenshot('calls');

  // review: assignment run (nothing left to assign is a valid answer), ranking
  await page.goto(`${base}/secretariat/calls/2/review`);
  await page.waitForSelector('#ranking-table tbody tr');
  await page.click('[data-testid=assignment-run-button]');
  await page.waitForSelector('[data-testid=assignment-summary], #assignment-error');
  await page.waitForSelector('#load-histogram canvas');
  await screenshot('review');

  // selection: burn-down chart and what-if
  await page.goto(`${base}/secretariat/calls/3/selection`);
  await page.waitForSelector('#budget-burndown canvas');
  await page.waitForSelector('[data-testid=selection-results] tbody tr');
  await page.fill('[data-testid=whatif-percent]', '50');
  await page.click('[data-testid=whatif-run]');
  await page.waitForSelector('[data-testid=whatif-result]');
  await screenshot('selection');

  // grants: submit and accept the first report, then pay the next tranche
  await page.goto(`${base}/secretariat/calls/3/grants`);
  await page.waitForSelector('[data-testid^=award-]');
  const card = await page.$('[data-testid^=award-]');
  const aid = (await card.getAttribute('data-testid')).split('-')[1];
  const rep = await card.$('button[id^=report-]');
  const repId = await rep.getAttribute('id');
  const period = repId.split('-').slice(2).join('-');
  await rep.click();
  await page.waitForSelector(`#accept-${aid}-${period}`);
  await page.click(`#accept-${aid}-${period}`);
  await page.waitForSelector(`#accept-${aid}-${period}`, { state: 'detached' });
  await page.waitForSelector(`#award-${aid} button[id^=pay-${aid}-]`);
  const pay = await page.$(`#award-${aid} button[id^=pay-${aid}-]`);
  const payId = await pay.getAttribute('id');
  await pay.click();
  await page.waitForSelector(`#${payId}`, { state: 'detached' });
  await screenshot('grant-paid');
}
