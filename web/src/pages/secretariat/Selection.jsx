import { useMemo, useState } from 'preact/hooks';
import { api } from '../../api.js';
import { t, useLang, fmtMoney, fmtNumber, tEnum, toMajor } from '../../i18n.js';
import { Link } from '../../router.jsx';
import { useAsync, Busy, ErrorBox, callTitle, useKitCss, Pill, Chart } from './kit.jsx';

const DECISION_NEXT = { earmarked: ['national_evaluation', 'declined'], national_evaluation: ['approved', 'declined'], approved: ['contract_signed', 'declined'] };

/** Each funder's remaining budget along the ranking, from a stored run. */
export function burnDown(run) {
  if (!run) return null;
  const inp = run.input;
  const outcome = Object.fromEntries(run.result.proposals.map((p) => [p.proposal_id, p.outcome]));
  const order = inp.proposals;
  const series = inp.funders.map((f) => {
    let left = f.budget;
    const pts = [toMajor(left, f.currency)];
    order.forEach((p) => {
      if (outcome[p.proposal_id] === 'funded') p.requests.filter((r) => r.funder_org_id === f.org_id).forEach((r) => { left -= r.amount; });
      pts.push(toMajor(left, f.currency));
    });
    return { name: `${f.label} (${f.currency})`, data: pts };
  });
  if (inp.mode === 'rcp' && inp.central != null) {
    let left = inp.central;
    const pts = [toMajor(left, inp.central_currency)];
    order.forEach((p) => {
      if (outcome[p.proposal_id] === 'funded') p.requests.forEach((r) => { left -= r.amount; });
      pts.push(toMajor(left, inp.central_currency));
    });
    series.push({ name: t('secretariat.sel.centralPot', { cur: inp.central_currency }), data: pts });
  }
  return { labels: [t('secretariat.sel.start'), ...order.map((p) => String(p.rank))], series };
}

export function BurnDownChart({ run, id = 'budget-burndown' }) {
  useLang();
  const bd = useMemo(() => burnDown(run), [run]);
  const option = useMemo(() => bd && ({
    tooltip: { trigger: 'axis' }, legend: { type: 'scroll', top: 0 },
    grid: { left: 80, right: 20, top: 70, bottom: 50 },
    xAxis: { type: 'category', data: bd.labels, name: t('secretariat.sel.rank'), nameLocation: 'middle', nameGap: 30 },
    yAxis: { type: 'value', name: t('secretariat.sel.remaining') },
    series: bd.series.map((s) => ({ type: 'line', step: 'end', name: s.name, data: s.data, showSymbol: false })),
  }), [bd]);
  if (!bd) return null;
  return <Chart id={id} option={option} height={360} label={t('secretariat.sel.burndown')} />;
}

export function WhatIf({ callId }) {
  useLang();
  const [percent, setPercent] = useState('10');
  const [res, setRes] = useState(null);
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState(null);
  const go = async (e) => {
    e.preventDefault(); setErr(null); setBusy(true);
    try { setRes(await api.post(`/calls/${callId}/selection/whatif`, { percent: Number(percent) })); } catch (x) { setErr(x); }
    setBusy(false);
  };
  return (
    <section class="w3-card" id="whatif" data-testid="whatif">
      <h2>{t('secretariat.sel.whatif')}</h2>
      <form class="w3-row" onSubmit={go}>
        <label for="whatif-percent">{t('secretariat.sel.percent')}</label>
        <input id="whatif-percent" data-testid="whatif-percent" type="number" min="1" max="1000" value={percent} onInput={(e) => setPercent(e.currentTarget.value)} />
        <button type="submit" id="whatif-run" data-testid="whatif-run" disabled={busy}>{t('secretariat.sel.whatifRun')}</button>
      </form>
      {busy && <Busy />}
      <ErrorBox error={err} />
      {res && (
        <div id="whatif-result" data-testid="whatif-result">
          <p>{t('secretariat.sel.whatifSummary', { funded: res.funded, percent: res.percent, more: res.more_funded })}</p>
          {res.central_runs_out_at_rank != null && <p>{t('secretariat.sel.centralRunsOut', { rank: res.central_runs_out_at_rank })}</p>}
          <table class="w3-table">
            <thead><tr><th>{t('secretariat.sel.funder')}</th><th class="num">{t('secretariat.sel.runsOut')}</th><th class="num">{t('secretariat.sel.extra')}</th></tr></thead>
            <tbody>{res.funders.map((f) => (
              <tr key={f.funder_org_id}><td>{f.funder}</td><td class="num">{f.runs_out_at_rank ?? t('secretariat.sel.never')}</td><td class="num">{fmtMoney(f.extra_for_next, f.currency)}</td></tr>))}</tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export default function SecretariatSelection({ params, account }) {
  useLang();
  useKitCss();
  const id = Number(params.id);
  const isSec = account && account.role === 'secretariat';
  const call = useAsync(() => api.get(`/calls/${id}`), [id]);
  const sel = useAsync(async () => {
    const s = await api.get(`/calls/${id}/selection`);
    const run = s.latest_run_id ? await api.get(`/selection-runs/${s.latest_run_id}`) : null;
    return { ...s, run };
  }, [id]);
  const [err, setErr] = useState(null);
  const [busy, setBusy] = useState(false);
  const [dec, setDec] = useState({});
  const runSel = async () => {
    setErr(null); setBusy(true);
    try { await api.post(`/calls/${id}/selection`, {}); sel.reload(); } catch (e) { setErr(e); }
    setBusy(false);
  };
  const decide = async (d) => {
    setErr(null);
    const status = dec[`${d.proposal_id}-${d.funder_org_id}`] || DECISION_NEXT[d.status][0];
    try { await api.post(`/proposals/${d.proposal_id}/decisions/${d.funder_org_id}`, { status }); sel.reload(); } catch (e) { setErr(e); }
  };
  const s = sel.data;
  return (
    <div class="w3-page" id="secretariat-selection" data-testid="secretariat-selection">
      <p><Link href={isSec ? '/secretariat/calls' : '/funder/budgets'}>{t('secretariat.back')}</Link></p>
      <h1>{t('secretariat.sel.title')}{call.data ? `: ${callTitle(call.data)}` : ''}</h1>
      {call.data && (
        <ul id="selection-budgets">{call.data.funders.map((f) => <li key={f.organization_id}>{f.name} ({f.country}): {fmtMoney(f.budget, f.currency)}</li>)}</ul>
      )}
      {sel.loading && <Busy />}
      <ErrorBox error={sel.error || err} id="selection-error" />
      {s && !s.run && isSec && <button type="button" id="selection-run" data-testid="selection-run" disabled={busy} onClick={runSel}>{t('secretariat.sel.run')}</button>}
      {busy && <Busy label={t('secretariat.sel.running')} />}
      {s && s.run && (
        <>
          <p id="selection-run-info">{t('secretariat.sel.runInfo', { id: s.run.id, kind: s.run.kind, mode: s.run.mode, digest: s.run.input_digest.slice(0, 12) })}</p>
          <section class="w3-card">
            <h2>{t('secretariat.sel.burndown')}</h2>
            <BurnDownChart run={s.run} />
          </section>
          <WhatIf callId={id} />
          <section class="w3-card">
            <h2>{t('secretariat.sel.results')}</h2>
            <table class="w3-table" id="selection-results" data-testid="selection-results">
              <thead><tr><th class="num">{t('secretariat.sel.rank')}</th><th>{t('secretariat.sel.proposal')}</th><th>{t('secretariat.sel.outcome')}</th><th>{t('secretariat.sel.reason')}</th></tr></thead>
              <tbody>{s.run.result.proposals.map((p) => (
                <tr key={p.proposal_id}><td class="num">{p.rank}{p.tie ? ' =' : ''}</td><td>{p.proposal}</td>
                  <td><Pill kind={p.outcome === 'funded' ? 'pass' : p.outcome === 'reserve' ? 'pending' : 'fail'}>{tEnum('secretariat.outcome', p.outcome)}</Pill></td><td>{p.reason}</td></tr>))}</tbody>
            </table>
          </section>
        </>
      )}
      {s && (
        <section class="w3-card">
          <h2>{t('secretariat.sel.decisions')}</h2>
          <table class="w3-table" id="selection-decisions" data-testid="selection-decisions">
            <thead><tr><th>{t('secretariat.sel.proposal')}</th><th>{t('secretariat.sel.funder')}</th><th class="num">{t('secretariat.sel.amount')}</th><th>{t('secretariat.sel.status')}</th>{isSec && <th>{t('secretariat.sel.record')}</th>}</tr></thead>
            <tbody>{s.decisions.map((d) => {
              const k = `${d.proposal_id}-${d.funder_org_id}`;
              const open = !!DECISION_NEXT[d.status];
              return (
                <tr key={k}><td>#{d.proposal_id}</td><td>{d.funder}</td><td class="num">{fmtMoney(d.amount, d.currency)}</td><td><Pill>{tEnum('funder.decision', d.status)}</Pill></td>
                  {isSec && <td>{open && (
                    <span class="w3-row">
                      <select id={`dec-${k}`} aria-label={t('secretariat.sel.newStatus')} value={dec[k] || DECISION_NEXT[d.status][0]} onChange={(e) => setDec({ ...dec, [k]: e.currentTarget.value })}>
                        {DECISION_NEXT[d.status].map((x) => <option key={x} value={x}>{tEnum('funder.decision', x)}</option>)}
                      </select>
                      <button type="button" onClick={() => decide(d)}>{t('secretariat.sel.recordButton')}</button>
                    </span>)}</td>}
                </tr>);
            })}</tbody>
          </table>
        </section>
      )}
    </div>
  );
}
