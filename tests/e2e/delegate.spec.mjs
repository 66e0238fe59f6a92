// delegate.spec.mjs -- a new agenda process driven entirely through the UI:
// the secretariat creates it and moves every phase with the process page's
// phase button; the delegate proposes an issue, the secretariat proposes one
// for another member; in consultation each supports the other's issue (the
// secretariat naming the member it acts for), which reaches the threshold;
// in voting the delegate ranks the ballot; the secretariat adopts and the
// count shows the ranking and the pairwise heat map.
import { uiLogin, waitText, must } from './_w2util.mjs';

const MEMBER = 'PL'; // a paying member of the demo, not the delegate's own

async function phaseIs(page, phase) {
  await page.waitForFunction((p) => {
    const el = document.querySelector('[data-testid=process-phase] .v');
    return el && el.textContent.trim() === p;
  }, phase);
}

// The secretariat moves the process to `phase` with the page's phase button.
async function movePhase(page, phase) {
  await page.reload({ waitUntil: 'domcontentloaded' });
  await page.locator('[data-testid=phase-form]').waitFor();
  const opt = await page.$eval('#phase-select', (s) => s.value);
  must(opt === phase, `the phase button offers ${opt}, expected ${phase}`);
  await waitText(page, '#phase-submit', phase);
  await page.locator('#phase-submit').click();
  await phaseIs(page, phase);
}

async function issueRow(page, code) {
  return page.$$eval('[data-testid=issues-table] tbody tr', (trs, c) => {
    const tr = trs.find((r) => r.cells[1] && r.cells[1].textContent.trim() === c);
    return tr ? [...tr.cells].map((x) => x.textContent.trim()) : null;
  }, code);
}

async function openIssue(page, code) {
  await page.locator('[data-testid=issue-row]', { hasText: code }).click();
  await page.locator('[data-testid=issue-page]').waitFor();
  await waitText(page, 'h1', code);
}

export async function proposeSupportVoteAdopt({ browser, page, base, accounts, screenshot }) {
  const code = `E2E${Date.now() % 100000}`;
  // secretariat: create the process
  const sec = page;
  await uiLogin(sec, base, accounts.secretariat);
  await sec.goto(`${base}/delegate`, { waitUntil: 'domcontentloaded' });
  await sec.locator('#new-process-code').fill(code);
  await sec.locator('#new-process-title').fill(`End-to-end process ${code}`);
  await sec.selectOption('#new-process-ballot', 'ranked');
  await sec.selectOption('#new-process-method', 'schulze');
  await sec.locator('#new-process-threshold').fill('2');
  await sec.locator('#new-process-submit').click();
  await sec.waitForURL(/\/delegate\/processes\/\d+$/);
  const pid = /processes\/(\d+)$/.exec(sec.url())[1];
  await waitText(sec, 'h1', code);
  await phaseIs(sec, 'proposal');
  must(await sec.$eval('#phase-select', (s) => s.value) === 'consultation', 'the next phase offered is consultation');

  // the secretariat proposes an issue for another member
  await sec.locator('#issue-code').fill('E2EHEAT');
  await sec.locator('#issue-title').fill('Heat-wave early warning');
  await sec.locator('#issue-member').fill(MEMBER);
  await sec.locator('#issue-summary').fill('Shared early warning of heat waves.');
  await sec.locator('#issue-submit').click();
  await waitText(sec, '[data-testid=issues-table]', 'E2EHEAT');

  // delegate (own browser context): propose an issue
  const dctx = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
  try {
    const del = await dctx.newPage();
    await uiLogin(del, base, accounts.delegate);
    await del.goto(`${base}/delegate/processes/${pid}`, { waitUntil: 'domcontentloaded' });
    await phaseIs(del, 'proposal');
    must(await del.locator('[data-testid=phase-form]').count() === 0, 'a delegate has no phase button');
    await del.locator('#issue-code').fill('E2EWATER');
    await del.locator('#issue-title').fill('Shared flood forecasting');
    await del.locator('#issue-summary').fill('Common forecasting of floods across borders.');
    await del.locator('#issue-submit').click();
    await waitText(del, '[data-testid=issues-table]', 'E2EWATER');
    let row = await issueRow(del, 'E2EWATER');
    must(row && row[4] === 'proposed' && row[5] === '1 / 2', `a new issue is proposed with its proposer's support: ${row}`);
    await screenshot('issue-proposed', del);

    // secretariat: consultation
    await movePhase(sec, 'consultation');
    must(await sec.locator('[data-testid=propose-issue]').count() === 0, 'no proposals after the proposal phase');
    await screenshot('consultation', sec);

    // delegate supports the secretariat's issue for the other member
    await del.reload({ waitUntil: 'domcontentloaded' });
    await phaseIs(del, 'consultation');
    await openIssue(del, 'E2EHEAT');
    await del.locator('#support-submit').click();
    await waitText(del, '[data-testid=issue-support]', '(2 / 2)');
    await waitText(del, '[data-testid=issue-support]', 'CN');

    // the secretariat supports the delegate's issue, acting for a member
    await openIssue(sec, 'E2EWATER');
    await sec.locator('#support-member').fill(MEMBER);
    await sec.locator('#support-submit').click();
    await waitText(sec, '[data-testid=issue-support]', '(2 / 2)');
    await waitText(sec, '[data-testid=issue-support]', MEMBER);
    await screenshot('supported', sec);
    await sec.goto(`${base}/delegate/processes/${pid}`, { waitUntil: 'domcontentloaded' });
    await waitText(sec, '[data-testid=issues-table]', 'E2EWATER');
    for (const c of ['E2EWATER', 'E2EHEAT']) {
      row = await issueRow(sec, c);
      must(row && row[4] === 'in consultation' && row[5] === '2 / 2', `${c} reached the threshold: ${row}`);
    }

    // secretariat: voting; the count is provisional and open to the secretariat
    await movePhase(sec, 'voting');
    await sec.locator('#tally-link').waitFor();

    // delegate: rank the ballot, E2EHEAT first
    await del.goto(`${base}/delegate/processes/${pid}`, { waitUntil: 'domcontentloaded' });
    await phaseIs(del, 'voting');
    const form = del.locator('[data-testid=ballot-form]');
    await form.waitFor();
    let order = await form.locator('li[data-code]').evaluateAll((li) => li.map((x) => x.dataset.code));
    must(order.length === 2 && order.includes('E2EWATER') && order.includes('E2EHEAT'), `ballot lists both issues: ${order}`);
    if (order[0] !== 'E2EHEAT') await del.getByRole('button', { name: 'Move E2EHEAT up' }).click();
    order = await form.locator('li[data-code]').evaluateAll((li) => li.map((x) => x.dataset.code));
    must(order[0] === 'E2EHEAT', `E2EHEAT is ranked first: ${order}`);
    must(await del.inputValue('#rank-E2EHEAT') === '1' && await del.inputValue('#rank-E2EWATER') === '2', 'ranks follow the order');
    await screenshot('ballot', del);
    await del.locator('#ballot-submit').click();
    await del.locator('[data-testid=ballot-cast]').waitFor();
    await waitText(del, '[data-testid=ballot-cast]', 'E2EHEAT: 1');

    // secretariat: adopt, then the count
    await movePhase(sec, 'adopted');
    must(await sec.locator('[data-testid=phase-form]').count() === 0, 'no phase after adoption');
    await sec.locator('#tally-link').click();
    await sec.locator('[data-testid=tally-page]').waitFor();
    await waitText(sec, '[data-testid=tally-ranking]', 'E2EWATER');
    const ranking = await sec.$$eval('[data-testid=ranking-table] tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
    must(ranking.length === 2 && ranking[0][1] === 'E2EHEAT' && ranking[0][0] === '1', `E2EHEAT ranks first: ${JSON.stringify(ranking)}`);
    must(ranking[1][1] === 'E2EWATER' && ranking[1][0] === '2', `E2EWATER ranks second: ${JSON.stringify(ranking)}`);
    await sec.locator('[data-testid=pairwise-heatmap] canvas').waitFor();
    must(await sec.locator('[data-testid=tally-page] .notice').count() === 0, 'the adopted count is not provisional');
    await screenshot('tally', sec);

    // the delegate sees the adopted places on the process page
    await del.reload({ waitUntil: 'domcontentloaded' });
    await phaseIs(del, 'adopted');
    await waitText(del, '[data-testid=issues-table]', 'E2EHEAT');
  } finally {
    await dctx.close();
  }
}

export async function demoTallyHeatmap({ page, base, accounts, screenshot }) {
  await uiLogin(page, base, accounts.delegate);
  await page.goto(`${base}/delegate/processes/1/tally`, { waitUntil: 'domcontentloaded' });
  await page.locator('[data-testid=pairwise-heatmap] canvas').waitFor();
  await waitText(page, '[data-testid=ranking-table]', 'WATER');
  await page.locator('[data-testid=consensus-table]').waitFor();
  await screenshot('demo-tally');
}
