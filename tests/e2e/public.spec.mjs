// public.spec.mjs -- the public pages: adopted agenda (en and zh), funded
// projects with filters, the world map and the fund-flow Sankey.
import { waitText, must } from './_w2util.mjs';

export async function adoptedAgendaInEnglishAndChinese({ page, base, screenshot }) {
  await page.goto(`${base}/agenda?process=1`, { waitUntil: 'domcontentloaded' });
  await page.locator('[data-testid=agenda-issue]').first().waitFor();
  const n = await page.locator('[data-testid=agenda-issue]').count();
  must(n >= 1, 'no adopted issue shown');
  await waitText(page, '[data-testid=agenda-issue] h2', 'Water security');
  await screenshot('agenda-en');
  await page.locator('#lang').selectOption('zh');
  await waitText(page, 'h1', '已通过的议程');
  await waitText(page, '[data-testid=agenda-issue] h2', '跨境流域水安全');
  await screenshot('agenda-zh');
  await page.locator('#lang').selectOption('en');
  await waitText(page, 'h1', 'Adopted agenda');
}

export async function fundedProjectsFilter({ page, base, screenshot }) {
  await page.goto(`${base}/projects`, { waitUntil: 'domcontentloaded' });
  await page.locator('[data-testid=projects-table] tbody tr').first().waitFor();
  const all = await page.locator('[data-testid=projects-table] tbody tr').count();
  must(all >= 1, 'no funded project listed');
  await page.locator('#projects-issue').selectOption('WATER');
  await waitText(page, '[data-testid=projects-table]', 'CRYOMEL');
  await page.locator('#projects-q').fill('zzzz-no-such-project');
  await waitText(page, '[data-testid=projects-table]', 'Nothing to show');
  await page.locator('#projects-q').fill('');
  await screenshot('projects');
}

export async function worldMapAndSankey({ page, base, screenshot }) {
  await page.goto(`${base}/map`, { waitUntil: 'domcontentloaded' });
  await page.locator('[data-testid=world-map] canvas').waitFor();
  await page.locator('[data-testid=map-table] tbody tr').first().waitFor();
  await screenshot('map');
  await page.goto(`${base}/flows`, { waitUntil: 'domcontentloaded' });
  await page.locator('[data-testid=fund-sankey] canvas').waitFor();
  await page.locator('[data-testid=flows-table] tbody tr').first().waitFor();
  await screenshot('flows');
}
