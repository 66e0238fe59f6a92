// Applicant: build a consortium in the demo's open call, watch it fail and
// then pass the eligibility rules live, submit it and record the commitment
// forms until it is eligible.
async function login(page, base, acct) {
  await page.goto(`${base}/login`);
  await page.fill('#login-email', acct.email);
  await page.fill('#login-password', acct.password);
  await page.click('#login-submit');
  await page.waitForFunction((role) => {
    const w = document.querySelector('#whoami');
    return w && w.textContent.length > 0 && w.textContent.toLowerCase().includes(role);
  }, acct.role);
}

async function pickOrg(page, idx, query, orgId) {
  await page.fill(`#partner-${idx}-orgsearch`, query);
  await page.waitForSelector(`#partner-${idx}-org option[value="${orgId}"]`);
  await page.selectOption(`#partner-${idx}-org`, String(orgId));
  await page.waitForFunction((i) => document.querySelector(`#partner-${i} legend`).textContent.includes('('), idx);
}

async function verdict(page, want) {
  await page.waitForFunction((w) => {
    const v = document.querySelector('[data-testid=eligibility-verdict]');
    return v && v.getAttribute('data-verdict') === w;
  }, want, { timeout: 20000 });
}

export async function applicantBuildsConsortiumAndSubmits({ page, base, accounts, screenshot }) {
  await login(page, base, accounts.applicant);
  await page.goto(`${base}/applicant/calls`);
  await page.waitForSelector('[data-testid=applicant-call-1]');
  const text = await page.textContent('#applicant-calls');
  if (!text.includes('SME Innovation Partnership')) throw new Error('open call not listed');
  await screenshot('calls');

  await page.click('#applicant-start-1');
  await page.waitForSelector('#proposal-title');
  await page.fill('#proposal-acronym', 'E2ECONS');
  await page.fill('#proposal-title', 'End-to-end test consortium for SME nanotech');
  await page.fill('#proposal-duration', '24');
  // one SME coordinator from Türkiye: too few partners and countries
  await pickOrg(page, 0, 'Kilimex', 190);
  await page.fill('#partner-0-requested', '600000');
  await verdict(page, 'ineligible');
  const fail = await page.getAttribute('[data-testid=rule-min_partners]', 'data-result');
  if (fail !== 'fail') throw new Error(`min_partners should fail, is ${fail}`);
  await screenshot('fails');

  // a Polish university makes the rules pass (only the commitment forms wait)
  await page.click('#add-partner');
  await pickOrg(page, 1, 'University of Warsaw', 102);
  await page.fill('#partner-1-requested', '400000');
  await verdict(page, 'pending');
  for (const code of ['min_partners', 'min_countries', 'lead_type', 'min_share_by_type']) {
    const r = await page.getAttribute(`[data-testid=rule-${code}]`, 'data-result');
    if (r !== 'pass') throw new Error(`${code} should pass, is ${r}`);
  }
  await screenshot('passes');

  await page.click('#proposal-submit');
  await page.waitForFunction(() => /submitted|eligible/.test(document.querySelector('#proposal-status').textContent));
  await page.click('#partner-0-commit');
  await page.waitForSelector('#partner-1-commit');
  await page.click('#partner-1-commit');
  await verdict(page, 'eligible');
  await page.waitForFunction(() => document.querySelector('#proposal-status').textContent.includes('eligible'));
  await screenshot('submitted');
}
