// Reviewer: see the assignments and progress, open an assigned review
// declaring no conflict, and see the review form with the call's criteria.
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

export async function reviewerOpensAssignment({ page, base, accounts, screenshot, api }) {
  const { token } = await api.login('reviewer');
  const list = (await api('/api/v1/reviews?limit=500', { token })).json.items;
  const assigned = list.find((r) => r.status === 'assigned');
  const draft = list.find((r) => r.status === 'draft');
  await login(page, base, accounts.reviewer);
  await page.goto(`${base}/reviewer/assignments`);
  await page.waitForSelector('[data-testid=reviewer-progress]');
  const txt = await page.textContent('#reviewer-assignments');
  if (!/submitted/.test(txt)) throw new Error('progress not shown');
  await screenshot('assignments');

  if (draft) {
    await page.click(`#review-link-${draft.id}`);
    await page.waitForSelector('[data-testid=review-form]');
    await page.waitForSelector('#score-excellence');
    await page.waitForSelector('[data-testid=review-proposal]');
    await screenshot('draft-form');
  }
  if (assigned) {
    await page.goto(`${base}/reviewer/reviews/${assigned.id}`);
    await page.waitForSelector('[data-testid=conflict-form]');
    await screenshot('conflict');
    await page.check('#conflict-no');
    await page.click('#review-open');
    await page.waitForSelector('[data-testid=review-form]');
    await page.waitForSelector('#score-excellence');
    await screenshot('opened-form');
  }
  if (!draft && !assigned) throw new Error('the demo reviewer has no open review');
}
