// Lifecycle: one fresh call through every step of project support, in the
// pages wherever a page offers the step.  The secretariat creates a call
// from the Eurostars-3 rule-set template with two funders (TÜBİTAK, TR, org
// 17 and the Russian Science Foundation, RU, org 38) and opens it; two
// applicants (Turkish SMEs) build TR+RU consortia and submit them; the
// secretariat closes the call, sets up the review and invites two demo
// people as reviewers, who accept and score both proposals; the secretariat
// runs the assignment, reads the ranking and runs the binding selection; the
// two funders take their national decisions up to the signed contract; the
// secretariat creates the grants and pays the first tranche.
// Steps that no page offers go through the API, marked
// `// no page for this step yet`.
const FUNDERS = [
  { org: 17, country: 'TR', budget: '1000000' },
  { org: 38, country: 'RU', budget: '1000000' },
];
const TEAMS = [
  { acronym: 'LCALPHA', title: 'Lifecycle Alpha nanotech sensors', lead: { q: 'Kilimex', id: 190 }, partner: { q: 'Moscow State', id: 98 } },
  { acronym: 'LCBETA', title: 'Lifecycle Beta geospatial services', lead: { q: 'Serendia', id: 207 }, partner: { q: 'Pamirex', id: 244 } },
];
const REVIEWERS = [1, 2]; // demo people (CO, ZA): neither shares a country or organisation with the teams
const SCORES = [{ excellence: 5, impact: 4.5, implementation: 4 }, { excellence: 4, impact: 3.5, implementation: 3.5 }];

function must(cond, msg) {
  if (!cond) throw new Error(msg);
}

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

async function logout(page) {
  await page.click('#logout');
  await page.waitForSelector('#whoami', { state: 'detached' }).catch(() => {});
}

async function waitText(page, selector, text) {
  await page.waitForFunction(
    ([s, x]) => [...document.querySelectorAll(s)].some((e) => e.textContent.includes(x)),
    [selector, text],
  );
}

async function pickOrg(page, idx, query, orgId) {
  await page.fill(`#partner-${idx}-orgsearch`, query);
  await page.waitForSelector(`#partner-${idx}-org option[value="${orgId}"]`, { state: 'attached' });
  await page.selectOption(`#partner-${idx}-org`, String(orgId));
  await page.waitForFunction((i) => document.querySelector(`#partner-${i} legend`).textContent.includes('('), idx);
}

async function verdict(page, want) {
  await page.waitForFunction((w) => {
    const v = document.querySelector('[data-testid=eligibility-verdict]');
    return v && w.split('|').includes(v.getAttribute('data-verdict'));
  }, want);
}

export async function lifecycleOfACall({ page, base, accounts, screenshot, api }) {
  const sec = accounts.secretariat;
  const { token } = await api.login('secretariat');
  const call = async (path, opts = {}) => {
    const r = await api(`/api/v1${path}`, { token, ...opts });
    if (r.status >= 300) throw new Error(`${opts.method || 'GET'} ${path}: ${r.status} ${r.text}`);
    return r.json;
  };
  const stamp = Date.now();
  const password = 'e2e-lifecycle-password';
  const today = new Date().toISOString().slice(0, 10);
  const title = `Lifecycle call ${stamp}`;

  // --- 1. the secretariat sets up the call from a template and opens it
  await login(page, base, sec.email, sec.password, 'secretariat');
  await page.goto(`${base}/secretariat/calls`);
  await page.waitForSelector('#secretariat-call-table');
  await page.click('#new-call-toggle');
  await page.waitForSelector('#call-funder-0 option[value="17"]', { state: 'attached' });
  await page.selectOption('#call-template', 'eurostars');
  must((await page.inputValue('#call-rules')).includes('lead_type'), 'the Eurostars template was not applied');
  await page.fill('#call-programme', 'LIFECYCLE');
  await page.fill('#call-edition', String(stamp).slice(-6));
  await page.fill('#call-title', title);
  await page.fill('#call-deadline', `${new Date().getUTCFullYear() + 1}-06-15T15:00`);
  await page.click('#call-add-funder');
  for (const [i, f] of FUNDERS.entries()) {
    await page.selectOption(`#call-funder-${i}`, String(f.org));
    await page.fill(`#call-funder-${i}-budget`, f.budget);
  }
  await screenshot('new-call');
  await page.click('#call-create');
  await page.waitForSelector('#new-call-form', { state: 'detached' });
  await waitText(page, '#secretariat-call-table tbody tr', title);
  const callId = (await call('/calls?limit=500')).items.find((c) => c.title === title || (c.titles && Object.values(c.titles).includes(title))).id;
  const row = `[data-testid=sec-call-${callId}]`;
  must((await page.textContent(row)).includes('draft'), 'the new call is not a draft');
  must((await page.textContent(row)).startsWith(`${callId}`), 'row id');
  await page.click(`#sec-step-${callId}`);
  await waitText(page, row, 'open');
  await screenshot('call-open');

  // the call's common pot, with money in it for the grants: created on the
  // grants page, each funder's budget pledged, signed and received there
  await page.goto(`${base}/secretariat/calls/${callId}/grants`);
  await page.waitForSelector('#pot-create');
  await page.fill('#pot-code', `LC${String(stamp).slice(-6)}`);
  await page.fill('#pot-name', `Pot of ${title}`);
  await page.click('#pot-create');
  await page.waitForSelector('#pot-funders');
  for (const f of FUNDERS) {
    await page.click(`#pot-pay-${f.org}`);
    await page.waitForSelector(`#pot-pay-${f.org}`, { state: 'detached' });
    await waitText(page, `[data-testid=pot-funder-${f.org}]`, 'received');
  }
  await screenshot('common-pot');
  let pot = null;
  for (let q = '/funds'; !pot && q;) {
    const r = await call(q);
    pot = r.items.find((x) => x.kind === 'call_pot' && x.call_id === callId);
    q = r.next_cursor ? `/funds?cursor=${encodeURIComponent(r.next_cursor)}` : null;
  }
  must(pot, 'no common pot for the call');
  const potFull = await call(`/funds/${pot.id}`);
  const got = potFull.contributions.reduce((a, c) => a + c.received, 0);
  must(got === 200000000, `the pot received ${got}`);
  await logout(page);

  // --- 2. two applicants build consortia and submit
  const pids = [];
  for (const [n, team] of TEAMS.entries()) {
    const email = `lc-applicant-${n}-${stamp}@serai.example`;
    // no page for this step yet (accounts are created through the API)
    await call('/accounts', { method: 'POST', body: { email, name: `Lifecycle applicant ${n}`, role: 'applicant', password, organization_id: team.lead.id, country: 'TR' } });
    await login(page, base, email, password, 'applicant');
    await page.goto(`${base}/applicant/calls`);
    await page.waitForSelector(`[data-testid=applicant-call-${callId}]`);
    must((await page.textContent(`[data-testid=applicant-call-${callId}]`)).includes(title), 'the open call is not listed');
    if (n === 0) await screenshot('applicant-calls');
    await page.click(`#applicant-start-${callId}`);
    await page.waitForSelector('#proposal-title');
    await page.fill('#proposal-acronym', team.acronym);
    await page.fill('#proposal-title', team.title);
    await page.fill('#proposal-duration', '24');
    await pickOrg(page, 0, team.lead.q, team.lead.id);
    await page.selectOption('#partner-0-funder', '17');
    await page.fill('#partner-0-requested', '300000');
    await verdict(page, 'ineligible');
    await page.click('#add-partner');
    await pickOrg(page, 1, team.partner.q, team.partner.id);
    await page.selectOption('#partner-1-funder', '38');
    await page.fill('#partner-1-requested', '200000');
    // the Eurostars rules pass; commitment forms, if the call wants them, wait
    await verdict(page, 'pending|eligible');
    for (const code of ['min_partners', 'min_countries', 'lead_type', 'min_share_by_type']) {
      const r = await page.getAttribute(`[data-testid=rule-${code}]`, 'data-result');
      must(r === 'pass', `${code} should pass, is ${r}`);
    }
    await page.click('#proposal-submit');
    await page.waitForFunction(() => /submitted|eligible/.test(document.querySelector('#proposal-status').textContent));
    for (const i of [0, 1]) {
      if (await page.$(`#partner-${i}-commit`)) {
        await page.click(`#partner-${i}-commit`);
        await page.waitForSelector(`#partner-${i}-commit`, { state: 'detached' });
      }
    }
    await verdict(page, 'eligible');
    await page.waitForFunction(() => document.querySelector('#proposal-status').textContent.includes('eligible'));
    const m = page.url().match(/\/applicant\/proposals\/(\d+)/);
    must(m, `no proposal id in ${page.url()}`);
    pids.push(Number(m[1]));
    await screenshot(`proposal-${n}-eligible`);
    await logout(page);
  }

  // --- 3. the secretariat closes the call and sets up the review
  await login(page, base, sec.email, sec.password, 'secretariat');
  await page.goto(`${base}/secretariat/calls`);
  await page.waitForSelector(`#sec-step-${callId}`);
  await page.click(`#sec-step-${callId}`);
  await waitText(page, row, 'closed');
  // the review set-up in the review page
  await page.goto(`${base}/secretariat/calls/${callId}/review`);
  await page.waitForSelector('#review-setup-form');
  await page.fill('#setup-per-proposal', '2');
  await page.fill('#setup-max-same-country', '');
  await page.check('#setup-exclude');
  await page.fill('#setup-min', '0');
  await page.fill('#setup-max', '5');
  await page.selectOption('#setup-step', '0.5');
  const crits = [['excellence', 'Excellence', '1', '3'], ['impact', 'Impact', '1', ''], ['implementation', 'Implementation', '1', '']];
  for (const [i, [code, name, weight, threshold]] of crits.entries()) {
    if (!(await page.$(`#crit-${i}-code`))) await page.click('#crit-add');
    await page.fill(`#crit-${i}-code`, code);
    await page.fill(`#crit-${i}-name`, name);
    await page.fill(`#crit-${i}-weight`, weight);
    await page.fill(`#crit-${i}-threshold`, threshold);
  }
  await page.fill('#setup-overall', '');
  await page.fill('#setup-tie-breaks', 'excellence, countries');
  await page.click('#setup-save');
  await page.waitForSelector('#setup-saved');
  await page.waitForSelector('#review-setup');
  must((await page.textContent('#review-setup')).includes('Excellence'), 'review set-up not shown');
  const setup = await call(`/calls/${callId}/review`);
  must(setup.per_proposal === 2 && setup.exclude_applicant_countries === true && setup.scheme.criteria.length === 3
    && setup.scheme.criteria[0].threshold === 3 && setup.scheme.scale.step === 0.5, `review set-up: ${JSON.stringify(setup)}`);
  // inviting the reviewers in the review page
  const reviewers = [];
  for (const [n, person] of REVIEWERS.entries()) {
    const who = await call(`/people/${person}`);
    await page.fill('#reviewer-search', who.name);
    await page.click('#reviewer-search-button');
    await page.waitForSelector(`#reviewer-person option[value="${person}"]`, { state: 'attached' });
    await page.selectOption('#reviewer-person', String(person));
    await page.fill('#reviewer-min-load', '0');
    await page.fill('#reviewer-max-load', '2');
    await page.click('#reviewer-invite');
    await page.waitForSelector(`[data-testid=pool-${person}][data-status=invited]`);
    const email = `lc-reviewer-${n}-${stamp}@serai.example`;
    // no page for this step yet (accounts are created through the API)
    await call('/accounts', { method: 'POST', body: { email, name: `Lifecycle reviewer ${n}`, role: 'reviewer', password, person_id: person } });
    reviewers.push({ email, person });
  }
  await screenshot('reviewers-invited');
  await logout(page);

  // --- 4. the reviewers accept the invitation in their page
  for (const r of reviewers) {
    await login(page, base, r.email, password, 'reviewer');
    await page.goto(`${base}/reviewer/assignments`);
    await page.waitForSelector('#reviewer-invitation');
    await page.fill('#inv-call', String(callId));
    await page.click('#inv-accept');
    await page.waitForSelector('#reviewer-invitation [role=status]');
    await logout(page);
  }

  // --- 5. the secretariat runs the assignment
  await login(page, base, sec.email, sec.password, 'secretariat');
  await page.goto(`${base}/secretariat/calls/${callId}/review`);
  await page.waitForSelector('#review-setup');
  must((await page.textContent('#review-setup')).includes('Excellence'), 'review set-up not shown');
  await page.click('#assignment-run-button');
  await page.waitForSelector('#assignment-summary, #assignment-error [data-testid=problem], #assignment-error');
  must(await page.$('#assignment-summary'), `assignment failed: ${await page.textContent('#secretariat-review')}`);
  const created = await page.textContent('#assignment-summary dd');
  must(created.trim() === '4', `4 reviews expected, ${created}`);
  await page.waitForSelector('#load-histogram canvas');
  await screenshot('assignment');
  await logout(page);

  // --- 6. the reviewers open and score their reviews in the review form
  for (const r of reviewers) {
    await login(page, base, r.email, password, 'reviewer');
    await page.goto(`${base}/reviewer/assignments`);
    await page.waitForSelector(`[data-testid=reviewer-call-${callId}]`);
    const links = await page.$$eval(`[data-testid=reviewer-call-${callId}] a[id^=review-link-]`, (as) => as.map((a) => [a.id.slice('review-link-'.length), a.closest('tr').children[1].textContent]));
    must(links.length === 2, `reviewer ${r.person} has ${links.length} reviews`);
    for (const [rid, prop] of links) {
      const which = pids.indexOf(Number(prop.replace('#', '')));
      must(which >= 0, `review of an unknown proposal ${prop}`);
      await page.goto(`${base}/reviewer/reviews/${rid}`);
      await page.waitForSelector('#conflict-form');
      await page.check('#conflict-no');
      await page.click('#review-open');
      await page.waitForSelector('#review-proposal');
      await waitText(page, '#review-proposal', TEAMS[which].title);
      for (const [code, v] of Object.entries(SCORES[which])) await page.fill(`#score-${code}`, String(v));
      await page.fill('#review-comments', `Lifecycle review of ${TEAMS[which].acronym}.`);
      await page.click('#review-submit');
      await page.waitForSelector('#review-msg');
      await page.waitForFunction(() => document.querySelector('#review-overall').textContent.trim() !== '—');
    }
    await page.goto(`${base}/reviewer/assignments`);
    await page.waitForSelector('#reviewer-progress-bar');
    // the person may hold reviews of the demo's calls too: this call's are all submitted
    await page.waitForSelector(`[data-testid=reviewer-call-${callId}]`);
    const st = await page.$$eval(`[data-testid=reviewer-call-${callId}] tbody tr`, (trs) => trs.map((tr) => tr.children[2].textContent));
    must(st.length === 2 && st.every((x) => x === 'submitted'), `this call's reviews: ${st}`);
    if (r === reviewers[0]) await screenshot('reviewer-done');
    await logout(page);
  }

  // --- 7. ranking and binding selection
  await login(page, base, sec.email, sec.password, 'secretariat');
  await page.goto(`${base}/secretariat/calls/${callId}/review`);
  await page.waitForSelector('#ranking-table tbody tr');
  await waitText(page, '#review-progress', 'submitted: 4');
  const ranking = await page.$$eval('#ranking-table tbody tr', (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
  must(ranking.length === 2, `ranking has ${ranking.length} rows`);
  must(ranking[0][1].includes('LCALPHA') && ranking[0][0].startsWith('1'), `LCALPHA should rank first: ${JSON.stringify(ranking)}`);
  must(ranking[1][1].includes('LCBETA'), 'LCBETA should rank second');
  must(ranking[0][2].trim() === '13.5' && ranking[1][2].trim() === '11', `scores: ${JSON.stringify(ranking)}`);
  await screenshot('ranking');

  await page.goto(`${base}/secretariat/calls/${callId}/selection`);
  await page.waitForSelector('#selection-run');
  await page.click('#selection-run');
  await page.waitForSelector('[data-testid=selection-results] tbody tr');
  await page.waitForSelector('#budget-burndown canvas');
  await page.waitForSelector('#selection-decisions tbody tr');
  const decs = await page.$$eval('#selection-decisions tbody tr', (trs) => trs.map((tr) => tr.textContent));
  must(decs.length === 4, `4 decisions expected, ${decs.length}`);
  for (const pid of pids) must(decs.filter((d) => d.includes(`#${pid}`) && d.includes('earmarked')).length === 2, `proposal ${pid} not earmarked twice: ${decs}`);
  await screenshot('selection');
  await logout(page);

  // --- 8. the funders take their national decisions up to the contract
  for (const f of FUNDERS) {
    const email = `lc-funder-${f.org}-${stamp}@serai.example`;
    // no page for this step yet (accounts are created through the API)
    await call('/accounts', { method: 'POST', body: { email, name: `Lifecycle funder ${f.org}`, role: 'funder', password, organization_id: f.org, country: f.country } });
    await login(page, base, email, password, 'funder');
    await page.goto(`${base}/funder/budgets`);
    await page.waitForSelector(`[data-testid=funder-budget-${callId}]`);
    must((await page.textContent(`[data-testid=funder-budget-${callId}]`)).includes(title), 'the call is not in the funder budgets');
    await page.goto(`${base}/funder/decisions`);
    await page.waitForSelector('#funder-decision-table');
    for (const pid of pids) {
      for (const next of ['national_evaluation', 'approved', 'contract_signed']) {
        await page.waitForFunction(([p, n]) => {
          const s = document.querySelector(`#decision-${p}-status`);
          return s && s.value === n;
        }, [pid, next]);
        await page.click(`#decision-${pid}-save`);
        if (next === 'contract_signed') await page.waitForSelector(`#decision-${pid}-save`, { state: 'detached' });
      }
      await waitText(page, `[data-testid=decision-${pid}]`, 'ontract');
    }
    if (f === FUNDERS[0]) await screenshot('funder-signed');
    await logout(page);
  }

  // --- 9. the secretariat creates the grants and pays the first tranche
  await login(page, base, sec.email, sec.password, 'secretariat');
  await page.goto(`${base}/secretariat/calls/${callId}/selection`);
  await page.waitForSelector('#selection-decisions tbody tr');
  const signed = await page.$$eval('#selection-decisions tbody tr', (trs) => trs.map((tr) => tr.textContent));
  must(signed.every((d) => /contract/i.test(d)), `not all decisions signed: ${signed}`);
  await page.goto(`${base}/secretariat/calls/${callId}/grants`);
  // the call's common project start in the grants page
  await page.waitForSelector('#project-start');
  await page.fill('#project-start', today);
  await page.click('#project-start-save');
  await page.waitForSelector('#project-start-saved');
  for (const pid of pids) {
    await page.waitForSelector(`#create-awards-${pid}`);
    await page.click(`#create-awards-${pid}`);
    await page.waitForSelector(`#create-awards-${pid}`, { state: 'detached' });
    await page.waitForSelector(`[data-testid=grants-proposal-${pid}] [data-testid^=award-]`);
  }
  const awards = await page.$$eval('#secretariat-grants section[data-testid^=award-]', (ss) => ss.map((s) => s.id.slice('award-'.length)));
  must(awards.length === 4, `4 grants expected (one per partner), ${awards.length}`);
  await screenshot('grants');
  for (const aid of awards) {
    await page.click(`#pay-${aid}-1`);
    await page.waitForSelector(`#pay-${aid}-1`, { state: 'detached' });
  }
  await screenshot('first-tranche-paid');
  for (const pid of pids) {
    const p = await call(`/proposals/${pid}`);
    must(p.status === 'funded', `proposal ${pid} is ${p.status}`);
  }
  for (const aid of awards) {
    const a = await call(`/awards/${aid}`);
    must(a.tranches[0].paid_at || a.tranches[0].paid || a.tranches[0].status === 'paid', `tranche 1 of grant ${aid} unpaid: ${JSON.stringify(a.tranches[0])}`);
  }
}
