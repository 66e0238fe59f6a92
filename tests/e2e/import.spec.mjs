// import.spec.mjs -- the secretariat imports organisations from CSV in the
// browser: a file with one bad row is refused as a whole and the bad line is
// listed; the corrected file is imported and the count shown.  The server's
// answer is held back once so that the "checking rows" state (aria-busy) can
// be seen.
import { uiLogin, waitText, must } from './_w2util.mjs';

export async function importOrganisations({ page, base, accounts, screenshot, api }) {
  await uiLogin(page, base, accounts.secretariat);
  await page.locator('[data-testid=nav-secretariat-import]').click();
  await page.locator('[data-testid=import-page]').waitFor();
  await page.selectOption('#import-kind', 'organizations');

  const tag = `E2E${Date.now() % 100000}`;
  const bad = [
    'name,type,country,website',
    `${tag} Flood Institute,research_institute,DE,https://example.org/flood`,
    `${tag} Broken Org,spaceship,DE,`,
    `${tag} Delta Lab,university,NL,`,
  ].join('\n') + '\n';
  await page.setInputFiles('#import-file', { name: 'orgs-bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });

  // hold the answer until the page shows that it is checking the rows
  let release;
  let answered;
  const gate = new Promise((r) => { release = r; });
  const done = new Promise((r) => { answered = r; });
  await page.route('**/api/v1/organizations/import', async (route) => {
    const resp = await route.fetch();
    await gate;
    await route.fulfill({ response: resp });
    answered();
  }, { times: 1 });
  await page.locator('#import-submit').click();
  // busy while the file goes up (progress bar) and while the rows are checked;
  // Chromium reports no upload events for a request the test intercepts, so
  // the checking state is required only when the browser reported the upload.
  await page.locator('#import-checking[aria-busy=true], #import-progress[aria-busy=true]').first().waitFor();
  await page.locator('#import-checking[aria-busy=true]').waitFor({ timeout: 3000 }).catch(() => {});
  await page.locator('[aria-busy=true] [role=progressbar]').first().waitFor();
  must(await page.locator('#import-submit[aria-busy=true]').count() === 1, 'the upload button is busy');
  await screenshot('busy');
  release();
  await done;

  await page.locator('[data-testid=import-refused]').waitFor();
  await waitText(page, '#import-refusal', 'orgs-bad.csv');
  const rows = await page.$$eval('[data-testid=import-errors] tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
  must(rows.length === 1, `one bad row expected, got ${JSON.stringify(rows)}`);
  must(rows[0][0] === '3' && rows[0][1] === 'type', `the bad row is line 3, column type: ${JSON.stringify(rows)}`);
  must(await page.locator('[data-testid=import-result]').count() === 0, 'a refused file shows no import count');
  await screenshot('refused');

  // nothing of the refused file was imported
  const sec = await api.login('secretariat');
  const before = await api(`/api/v1/organizations?q=${encodeURIComponent(tag)}`, { token: sec.token });
  must(before.status === 200, `organizations search: ${before.status} ${before.text}`);
  must((before.json.items || []).length === 0, `the refused file imported rows: ${before.text}`);

  const good = bad.replace('spaceship', 'enterprise');
  await page.setInputFiles('#import-file', { name: 'orgs-good.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
  await page.locator('#import-submit').click();
  await page.locator('[data-testid=import-result]').waitFor();
  await waitText(page, '#import-count', '3 organisations imported from orgs-good.csv');
  must(await page.locator('[data-testid=import-refused]').count() === 0, 'the refusal is gone after a good import');
  await screenshot('imported');
  const after = await api(`/api/v1/organizations?q=${encodeURIComponent(tag)}`, { token: sec.token });
  must((after.json.items || []).length === 3, `3 organisations expected: ${after.text}`);

  // the page in Chinese
  await page.selectOption('#lang', 'zh');
  await waitText(page, 'h1', '导入机构和人员');
}
