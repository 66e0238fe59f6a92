import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import { t, useLang, fmtMoney, fmtDate, tEnum } from '../../i18n.js';
import { useAsync, Busy, ErrorBox, useKitCss, Pill, today } from '../secretariat/kit.jsx';

/** Grants of a proposal: tranches, reports, milestones; actions per role. */
export function AwardCard({ award, role, onChange }) {
  useLang();
  const [err, setErr] = useState(null);
  const [date, setDate] = useState(today());
  const [busy, setBusy] = useState(false);
  const a = award;
  const act = async (fn) => {
    setErr(null); setBusy(true);
    try { await fn(); onChange && onChange(); } catch (e) { setErr(e); }
    setBusy(false);
  };
  const sec = role === 'secretariat';
  const nextTranche = a.tranches.find((x) => !x.paid);
  return (
    <section class="w3-card" data-testid={`award-${a.id}`} id={`award-${a.id}`} aria-busy={busy ? 'true' : 'false'}>
      <h3>{t('applicant.grants.award', { id: a.id, org: a.org_name, country: a.country })}</h3>
      <p>{a.funder} · {fmtMoney(a.amount, a.currency)} · {fmtDate(a.start)} – {fmtDate(a.end)} · <Pill>{tEnum('applicant.awardStatus', a.status)}</Pill> · {t('applicant.grants.paid', { amount: fmtMoney(a.paid, a.currency) })}</p>
      <label class="w3-field" style={{ maxWidth: '14em' }}>{t('applicant.grants.date')}
        <input type="date" id={`award-${a.id}-date`} value={date} onInput={(e) => setDate(e.currentTarget.value)} /></label>
      <table class="w3-table" aria-label={t('applicant.grants.tranches')}>
        <caption>{t('applicant.grants.tranches')}</caption>
        <thead><tr><th>#</th><th>{t('applicant.grants.due')}</th><th class="num">{t('applicant.grants.amount')}</th><th>{t('applicant.grants.paidOn')}</th>{sec && <th>{t('applicant.grants.action')}</th>}</tr></thead>
        <tbody>{a.tranches.map((x) => (
          <tr key={x.seq}><td>{x.seq}</td><td>{fmtDate(x.due)}</td><td class="num">{fmtMoney(x.amount, a.currency)}</td><td>{x.paid ? fmtDate(x.paid) : '—'}</td>
            {sec && <td>{!x.paid && nextTranche && nextTranche.seq === x.seq && (
              <button type="button" data-testid={`pay-${a.id}-${x.seq}`} id={`pay-${a.id}-${x.seq}`} onClick={() => act(() => api.post(`/awards/${a.id}/tranches/${x.seq}/pay`, { date }))}>{t('applicant.grants.pay')}</button>)}</td>}
          </tr>))}</tbody>
      </table>
      <table class="w3-table" aria-label={t('applicant.grants.reports')}>
        <caption>{t('applicant.grants.reports')}</caption>
        <thead><tr><th>{t('applicant.grants.period')}</th><th>{t('applicant.grants.due')}</th><th>{t('applicant.grants.state')}</th><th>{t('applicant.grants.action')}</th></tr></thead>
        <tbody>{a.reports.map((r) => (
          <tr key={r.period_end}><td>{fmtDate(r.period_end)}</td><td>{fmtDate(r.due)}</td><td>{tEnum('applicant.reportStatus', r.status)}</td>
            <td>
              {!r.submitted && <button type="button" data-testid={`report-${a.id}-${r.period_end}`} id={`report-${a.id}-${r.period_end}`} onClick={() => act(() => api.post(`/awards/${a.id}/reports/${r.period_end}`, { date }))}>{t('applicant.grants.submitReport')}</button>}
              {sec && r.submitted && !r.accepted && <button type="button" data-testid={`accept-${a.id}-${r.period_end}`} id={`accept-${a.id}-${r.period_end}`} onClick={() => act(() => api.post(`/awards/${a.id}/reports/${r.period_end}/accept`, { date }))}>{t('applicant.grants.accept')}</button>}
            </td></tr>))}</tbody>
      </table>
      <ul aria-label={t('applicant.grants.milestones')}>
        {a.milestones.map((m) => (
          <li key={m.id}>{tEnum('applicant.milestoneKind', m.kind)}: {m.title} — {fmtDate(m.due)} {m.done ? <Pill kind="pass">{t('applicant.grants.doneOn', { date: fmtDate(m.done) })}</Pill>
            : <button type="button" id={`milestone-${m.id}-done`} onClick={() => act(() => api.post(`/milestones/${m.id}/done`, { date }))}>{t('applicant.grants.markDone')}</button>}</li>
        ))}
      </ul>
      <ErrorBox error={err} />
    </section>
  );
}

export async function loadAwards(proposals) {
  const out = [];
  for (const p of proposals) {
    const r = await api.get(`/proposals/${p.id}/awards`);
    out.push({ proposal: p, awards: r.items || [] });
  }
  return out;
}

export default function ApplicantGrants() {
  useLang();
  useKitCss();
  const data = useAsync(async () => {
    const ps = await api.get('/proposals', { status: 'funded', limit: 500 });
    return loadAwards(ps.items);
  }, []);
  return (
    <div class="w3-page" id="applicant-grants" data-testid="applicant-grants">
      <h1>{t('applicant.grants.title')}</h1>
      {data.loading && <Busy />}
      <ErrorBox error={data.error} />
      {data.data && data.data.length === 0 && <p>{t('applicant.grants.none')}</p>}
      {data.data && data.data.map(({ proposal, awards }) => (
        <section key={proposal.id}>
          <h2>{proposal.acronym || `#${proposal.id}`} — {proposal.title}</h2>
          {awards.map((a) => <AwardCard key={a.id} award={a} role="applicant" onChange={data.reload} />)}
        </section>
      ))}
    </div>
  );
}
