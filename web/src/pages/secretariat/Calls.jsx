import { useState } from 'preact/hooks';
import { api, apiAll } from '../../api.js';
import { t, useLang, fmtMoney, fmtDate, tEnum, parseMoney } from '../../i18n.js';
import { Link } from '../../router.jsx';
import { useAsync, Busy, ErrorBox, callTitle, useKitCss, Pill } from './kit.jsx';
import { RULE_TEMPLATES } from './templates.js';

const NEXT = { draft: 'open', open: 'close', closed: 'evaluation', in_evaluation: 'decision' };

function NewCall({ onDone }) {
  const [tpl, setTpl] = useState('eurostars');
  const [f, setF] = useState({ programme: '', edition: String(new Date().getUTCFullYear() + 1), title: '', funding_mode: 'virtual_common_pot', deadline: '', time_zone: 'Europe/Brussels' });
  const [rules, setRules] = useState(JSON.stringify(RULE_TEMPLATES[0].rules, null, 2));
  const [funders, setFunders] = useState([{ organization_id: '', budget: '', currency: 'EUR' }]);
  const [err, setErr] = useState(null);
  const [busy, setBusy] = useState(false);
  const funderOrgs = useAsync(() => apiAll('/organizations', { type: 'funding_agency' }), []);
  const pick = (id) => {
    const x = RULE_TEMPLATES.find((r) => r.id === id);
    setTpl(id); setRules(JSON.stringify(x.rules, null, 2)); setF({ ...f, funding_mode: x.funding_mode });
  };
  const set = (k) => (e) => setF({ ...f, [k]: e.currentTarget.value });
  const submit = async (e) => {
    e.preventDefault(); setErr(null);
    let r;
    try { r = JSON.parse(rules); } catch (x) { setErr({ detail: t('secretariat.new.badJson'), pointer: '/rules' }); return; }
    const body = {
      programme: f.programme, edition: f.edition, title: f.title, funding_mode: f.funding_mode, time_zone: f.time_zone,
      stages: [{ kind: 'full_proposal', deadline: f.deadline ? `${f.deadline.slice(0, 16)}:00Z` : '' }],
      funders: funders.filter((x) => x.organization_id).map((x) => ({ organization_id: Number(x.organization_id), budget: parseMoney(x.budget || '0', x.currency), currency: x.currency })),
      rules: r,
    };
    setBusy(true);
    try { await api.post('/calls', body); onDone(); } catch (x) { setErr(x); }
    setBusy(false);
  };
  return (
    <form class="w3-card" id="new-call-form" data-testid="new-call-form" onSubmit={submit} aria-busy={busy ? 'true' : 'false'}>
      <h2>{t('secretariat.new.title')}</h2>
      <div class="w3-grid">
        <label>{t('secretariat.new.template')}
          <select id="call-template" data-testid="call-template" value={tpl} onChange={(e) => pick(e.currentTarget.value)}>
            {RULE_TEMPLATES.map((x) => <option key={x.id} value={x.id}>{t(x.key)}</option>)}
          </select></label>
        <label>{t('secretariat.new.programme')}<input id="call-programme" required maxLength={63} value={f.programme} onInput={set('programme')} /></label>
        <label>{t('secretariat.new.edition')}<input id="call-edition" required maxLength={31} value={f.edition} onInput={set('edition')} /></label>
        <label>{t('secretariat.new.ctitle')}<input id="call-title" required value={f.title} onInput={set('title')} /></label>
        <label>{t('secretariat.new.mode')}
          <select id="call-mode" value={f.funding_mode} onChange={set('funding_mode')}>
            {['virtual_common_pot', 'real_common_pot', 'mixed'].map((m) => <option key={m} value={m}>{tEnum('applicant.mode', m)}</option>)}
          </select></label>
        <label>{t('secretariat.new.deadline')}<input id="call-deadline" type="datetime-local" required value={f.deadline} onInput={set('deadline')} /></label>
        <label>{t('secretariat.new.tz')}<input id="call-tz" value={f.time_zone} onInput={set('time_zone')} /></label>
      </div>
      <fieldset>
        <legend>{t('secretariat.new.funders')}</legend>
        {funders.map((x, i) => (
          <div class="w3-grid" key={i}>
            <label>{t('secretariat.new.funderOrg')}
              <select id={`call-funder-${i}`} value={x.organization_id} onChange={(e) => setFunders(funders.map((y, j) => (j === i ? { ...y, organization_id: e.currentTarget.value } : y)))}>
                <option value="">—</option>
                {(funderOrgs.data || []).map((o) => <option key={o.id} value={o.id}>{o.name} ({o.country})</option>)}
              </select></label>
            <label>{t('secretariat.new.budget')}<input id={`call-funder-${i}-budget`} inputMode="decimal" value={x.budget} onInput={(e) => setFunders(funders.map((y, j) => (j === i ? { ...y, budget: e.currentTarget.value } : y)))} /></label>
            <label>{t('secretariat.new.currency')}<input id={`call-funder-${i}-currency`} maxLength={3} value={x.currency} onInput={(e) => setFunders(funders.map((y, j) => (j === i ? { ...y, currency: e.currentTarget.value.toUpperCase() } : y)))} /></label>
          </div>
        ))}
        <button type="button" id="call-add-funder" onClick={() => setFunders([...funders, { organization_id: '', budget: '', currency: 'EUR' }])}>{t('secretariat.new.addFunder')}</button>
      </fieldset>
      <label class="w3-field">{t('secretariat.new.rules')}<textarea id="call-rules" data-testid="call-rules" rows={10} style={{ fontFamily: 'monospace' }} value={rules} onInput={(e) => setRules(e.currentTarget.value)} /></label>
      <button type="submit" id="call-create" data-testid="call-create">{t('secretariat.new.create')}</button>
      {busy && <Busy />}
      <ErrorBox error={err} id="call-create-error" />
    </form>
  );
}

export default function SecretariatCalls() {
  useLang();
  useKitCss();
  const calls = useAsync(() => apiAll('/calls'), []);
  const [err, setErr] = useState(null);
  const [showNew, setShowNew] = useState(false);
  const step = async (c) => {
    setErr(null);
    try { await api.post(`/calls/${c.id}/${NEXT[c.status]}`); calls.reload(); } catch (e) { setErr(e); }
  };
  return (
    <div class="w3-page" id="secretariat-calls" data-testid="secretariat-calls">
      <h1>{t('secretariat.calls.title')}</h1>
      <button type="button" id="new-call-toggle" aria-expanded={showNew ? 'true' : 'false'} onClick={() => setShowNew(!showNew)}>{t('secretariat.new.title')}</button>
      {showNew && <NewCall onDone={() => { setShowNew(false); calls.reload(); }} />}
      {calls.loading && <Busy />}
      <ErrorBox error={calls.error || err} />
      {calls.data && (
        <table class="w3-table" id="secretariat-call-table">
          <thead><tr><th>#</th><th>{t('secretariat.calls.call')}</th><th>{t('secretariat.calls.status')}</th><th>{t('secretariat.calls.deadline')}</th><th>{t('secretariat.calls.budgets')}</th><th>{t('secretariat.calls.pages')}</th><th>{t('secretariat.calls.step')}</th></tr></thead>
          <tbody>{calls.data.map((c) => (
            <tr key={c.id} data-testid={`sec-call-${c.id}`}>
              <td>{c.id}</td>
              <td>{callTitle(c)}<br /><small>{c.programme} {c.edition} · {tEnum('applicant.mode', c.funding_mode)} · {t('secretariat.calls.rulev', { v: c.rule_version })}</small></td>
              <td><Pill>{tEnum('secretariat.callStatus', c.status)}</Pill></td>
              <td>{fmtDate(c.stages[c.stages.length - 1].deadline, true)}</td>
              <td>{c.funders.length} · {Object.entries(c.funders.reduce((m, f) => ({ ...m, [f.currency]: (m[f.currency] || 0) + f.budget }), {})).map(([cur, v]) => fmtMoney(v, cur, { compact: true })).join(' · ')}</td>
              <td>
                <Link href={`/secretariat/calls/${c.id}/review`} id={`sec-review-${c.id}`}>{t('secretariat.calls.review')}</Link>{' · '}
                <Link href={`/secretariat/calls/${c.id}/selection`} id={`sec-selection-${c.id}`}>{t('secretariat.calls.selection')}</Link>{' · '}
                <Link href={`/secretariat/calls/${c.id}/grants`} id={`sec-grants-${c.id}`}>{t('secretariat.calls.grants')}</Link>
              </td>
              <td>{NEXT[c.status] && <button type="button" id={`sec-step-${c.id}`} onClick={() => step(c)}>{t(`secretariat.step.${NEXT[c.status]}`)}</button>}</td>
            </tr>))}</tbody>
        </table>
      )}
    </div>
  );
}
