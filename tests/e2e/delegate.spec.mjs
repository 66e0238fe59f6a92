// delegate.spec.mjs -- a new agenda process: the delegate proposes an issue
// through the UI, the secretariat moves the phases, the delegate votes on
// the ranked ballot, the secretariat adopts and the ranking is shown.
import { uiLogin, waitText, must } from './_w2util.mjs';

export async function proposeVoteAdopt({ browser, page, base, accounts, screenshot, api }) {
  const sec = await api.login('secretariat');
  const code = `E2E${Date.now() % 100000}`;
  const day = new Date().toISOString().slice(0, 10);
  const p = await api('/api/v1/agenda-processes', {
    method: 'POST', token: sec.token,
    body: { code, title: `End-to-end process ${code}`, ballot: 'ranked', method: 'schulze', support_threshold: 1,
      dates: { proposal: day, consultation: day, voting: day, voting_closes: day } },
  });
  must(p.status === 201 || p.status === 200, `create process: ${p.status} ${p.text}`);
  const pid = p.json.id;

  await uiLogin(page, base, accounts.delegate);
  await page.goto(`${base}/delegate/processes/${pid}`, { waitUntil: 'domcontentloaded' });
  await page.locator('#issue-code').fill('E2EWATER');
  await page.locator('#issue-title').fill('Shared flood forecasting');
  await page.locator('#issue-summary').fill('Common forecasting of floods across borders.');
  await page.locator('#issue-submit').click();
  await waitText(page, '[data-testid=issues-table]', 'E2EWATER');
  await screenshot('issue-proposed');

  for (const phase of ['consultation', 'voting']) {
    const r = await api(`/api/v1/agenda-processes/${pid}/phase`, { method: 'POST', token: sec.token, body: { phase } });
    must(r.status === 200, `phase ${phase}: ${r.status} ${r.text}`);
  }
  await page.reload({ waitUntil: 'domcontentloaded' });
  await page.locator('[data-testid=ballot-form]').waitFor();
  await screenshot('ballot');
  await page.locator('#ballot-submit').click();
  await page.locator('[data-testid=ballot-cast]').waitFor();

  const r = await api(`/api/v1/agenda-processes/${pid}/phase`, { method: 'POST', token: sec.token, body: { phase: 'adopted' } });
  must(r.status === 200, `adopt: ${r.status} ${r.text}`);
  await page.goto(`${base}/delegate/processes/${pid}/tally`, { waitUntil: 'domcontentloaded' });
  await waitText(page, '[data-testid=tally-ranking]', 'E2EWATER');
  await screenshot('tally');
}

export async function demoTallyHeatmap({ page, base, accounts, screenshot }) {
  await uiLogin(page, base, accounts.delegate);
  await page.goto(`${base}/delegate/processes/1/tally`, { waitUntil: 'domcontentloaded' });
  await page.locator('[data-testid=pairwise-heatmap] canvas').waitFor();
  await waitText(page, '[data-testid=ranking-table]', 'WATER');
  await page.locator('[data-testid=consensus-table]').waitFor();
  await screenshot('demo-tally');
}
