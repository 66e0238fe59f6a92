import { useState } from 'preact/hooks';
import { api, apiAll } from '../../api.js';
import { t, useLang, fmtMoney, tEnum, fmtPercent, fmtDate } from '../../i18n.js';
import { Link } from '../../router.jsx';
import { useAsync, Busy, ErrorBox, callTitle, useKitCss, Pill } from '../secretariat/kit.jsx';

const NEXT = { earmarked: ['national_evaluation', 'declined'], national_evaluation: ['approved', 'declined'], approved: ['contract_signed', 'declined'] };

/** The calls in which this organisation is a funder, with its decisions. */
async function loadMine(orgId) {
  const calls = (await apiAll('/calls')).filter((c) => c.funders.some((f) => f.organization_id === orgId));
  const out = [];
  for (const c of calls) {
    let decisions = [];
    try { decisions = (await api.get(`/calls/${c.id}/selection`)).decisions.filter((d) => d.funder_org_id === orgId); } catch { decisions = []; }
    out.push({ call: c, funder: c.funders.find((f) => f.organization_id === orgId), decisions });
  }
  return out;
}

function NoOrg() { return <p role="alert">{t('funder.noOrg')}</p>; }

export function FunderBudgets({ account }) {
  useLang();
  useKitCss();
  const org = account && account.organization_id;
  const data = useAsync(() => (org ? loadMine(org) : []), [org]);
  return (
    <div class="w3-page" id="funder-budgets" data-testid="funder-budgets">
      <h1>{t('funder.budgets.title')}</h1>
      {!org && <NoOrg />}
      {data.loading && <Busy />}
      <ErrorBox error={data.error} />
      {data.data && data.data.length === 0 && <p id="funder-no-calls">{t('funder.budgets.none')}</p>}
      {data.data && data.data.length > 0 && (
        <table class="w3-table" id="funder-budget-table" data-testid="funder-budget-table">
          <thead><tr><th>{t('funder.budgets.call')}</th><th>{t('funder.budgets.status')}</th><th class="num">{t('funder.budgets.budget')}</th><th class="num">{t('funder.budgets.earmarked')}</th><th>{t('funder.budgets.used')}</th><th class="num">{t('funder.budgets.left')}</th><th>{t('funder.budgets.more')}</th></tr></thead>
          <tbody>{data.data.map(({ call, funder, decisions }) => {
            const used = decisions.filter((d) => d.status !== 'declined').reduce((s, d) => s + d.amount, 0);
            return (
              <tr key={call.id} data-testid={`funder-budget-${call.id}`}>
                <td>{callTitle(call)}</td>
                <td><Pill>{tEnum('secretariat.callStatus', call.status)}</Pill></td>
                <td class="num">{fmtMoney(funder.budget, funder.currency)}</td>
                <td class="num">{fmtMoney(used, funder.currency)}</td>
                <td><progress max={funder.budget || 1} value={Math.min(used, funder.budget)} aria-label={t('funder.budgets.usedOf', { call: callTitle(call) })} /> {funder.budget ? fmtPercent(used / funder.budget) : ''}</td>
                <td class="num">{fmtMoney(funder.budget - used, funder.currency)}</td>
                <td><Link href={`/funder/proposals?call=${call.id}`}>{t('funder.budgets.proposals')}</Link>{' · '}<Link href={`/secretariat/calls/${call.id}/selection`}>{t('funder.budgets.selection')}</Link></td>
              </tr>);
          })}</tbody>
        </table>
      )}
    </div>
  );
}

export function FunderProposals({ account, query }) {
  useLang();
  useKitCss();
  const org = account && account.organization_id;
  const [callId, setCallId] = useState((query && query.call) || '');
  const data = useAsync(() => (org ? apiAll('/proposals', { funder_id: org, call_id: callId || undefined }) : []), [org, callId]);
  const country = account && account.country;
  return (
    <div class="w3-page" id="funder-proposals" data-testid="funder-proposals">
      <h1>{t('funder.proposals.title')}</h1>
      {!org && <NoOrg />}
      <label>{t('funder.proposals.call')} <input id="funder-call-filter" type="number" min="1" value={callId} onInput={(e) => setCallId(e.currentTarget.value)} /></label>
      {data.loading && <Busy />}
      <ErrorBox error={data.error} />
      {data.data && (
        <table class="w3-table" id="funder-proposal-table" data-testid="funder-proposal-table">
          <caption>{t('funder.proposals.count', { n: data.data.length, country: country || '' })}</caption>
          <thead><tr><th>{t('funder.proposals.acronym')}</th><th>{t('funder.proposals.call')}</th><th>{t('funder.proposals.status')}</th><th>{t('funder.proposals.partners')}</th><th class="num">{t('funder.proposals.asks')}</th></tr></thead>
          <tbody>{data.data.map((p) => {
            const mine = (p.partners || []).filter((x) => x.funder_id === org);
            const cur = mine[0] && mine[0].currency;
            return (
              <tr key={p.id}>
                <td>{p.acronym} — {p.title}</td><td>{p.call_id}</td><td><Pill>{tEnum('applicant.status', p.status)}</Pill></td>
                <td>{(p.partners || []).map((x) => `${x.organization.name} (${x.organization.country})`).join('; ')}</td>
                <td class="num">{cur ? fmtMoney(mine.reduce((s, x) => s + x.requested, 0), cur) : ''}</td>
              </tr>);
          })}</tbody>
        </table>
      )}
    </div>
  );
}

export function FunderDecisions({ account }) {
  useLang();
  useKitCss();
  const org = account && account.organization_id;
  const data = useAsync(() => (org ? loadMine(org) : []), [org]);
  const [choice, setChoice] = useState({});
  const [note, setNote] = useState({});
  const [err, setErr] = useState(null);
  const [msg, setMsg] = useState('');
  const decide = async (d) => {
    setErr(null); setMsg('');
    const status = choice[d.proposal_id] || NEXT[d.status][0];
    try {
      await api.post(`/proposals/${d.proposal_id}/decisions/${org}`, note[d.proposal_id] ? { status, note: note[d.proposal_id] } : { status });
      setMsg(t('funder.decisions.recorded', { id: d.proposal_id, status: tEnum('funder.decision', status) }));
      data.reload();
    } catch (e) { setErr(e); }
  };
  const all = (data.data || []).flatMap(({ call, decisions }) => decisions.map((d) => ({ ...d, call })));
  return (
    <div class="w3-page" id="funder-decisions" data-testid="funder-decisions">
      <h1>{t('funder.decisions.title')}</h1>
      {!org && <NoOrg />}
      {data.loading && <Busy />}
      <ErrorBox error={data.error || err} id="funder-decision-error" />
      {msg && <p role="status" class="w3-ok" id="funder-decision-msg" data-testid="funder-decision-msg">{msg}</p>}
      {data.data && all.length === 0 && <p>{t('funder.decisions.none')}</p>}
      {all.length > 0 && (
        <table class="w3-table" id="funder-decision-table" data-testid="funder-decision-table">
          <thead><tr><th>{t('funder.decisions.call')}</th><th>{t('funder.decisions.proposal')}</th><th class="num">{t('funder.decisions.amount')}</th><th>{t('funder.decisions.status')}</th><th>{t('funder.decisions.updated')}</th><th>{t('funder.decisions.action')}</th></tr></thead>
          <tbody>{all.map((d) => (
            <tr key={`${d.call.id}-${d.proposal_id}`} data-testid={`decision-${d.proposal_id}`}>
              <td>{d.call.id}</td><td>#{d.proposal_id}</td><td class="num">{fmtMoney(d.amount, d.currency)}</td>
              <td><Pill kind={d.status === 'contract_signed' ? 'pass' : d.status === 'declined' ? 'fail' : 'pending'}>{tEnum('funder.decision', d.status)}</Pill></td>
              <td>{fmtDate(d.updated_at)}</td>
              <td>{NEXT[d.status] && (
                <span class="w3-row">
                  <select id={`decision-${d.proposal_id}-status`} aria-label={t('funder.decisions.next', { id: d.proposal_id })} value={choice[d.proposal_id] || NEXT[d.status][0]} onChange={(e) => setChoice({ ...choice, [d.proposal_id]: e.currentTarget.value })}>
                    {NEXT[d.status].map((s) => <option key={s} value={s}>{tEnum('funder.decision', s)}</option>)}
                  </select>
                  <input id={`decision-${d.proposal_id}-note`} aria-label={t('funder.decisions.note')} placeholder={t('funder.decisions.note')} value={note[d.proposal_id] || ''} onInput={(e) => setNote({ ...note, [d.proposal_id]: e.currentTarget.value })} />
                  <button type="button" id={`decision-${d.proposal_id}-save`} data-testid={`decision-${d.proposal_id}-save`} onClick={() => decide(d)}>{t('funder.decisions.record')}</button>
                </span>)}</td>
            </tr>))}</tbody>
        </table>
      )}
    </div>
  );
}
