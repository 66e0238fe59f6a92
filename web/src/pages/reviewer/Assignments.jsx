import { useState } from 'preact/hooks';
import { api, apiAll } from '../../api.js';
import { t, useLang, fmtDate, tEnum, fmtPercent } from '../../i18n.js';
import { Link } from '../../router.jsx';
import { useAsync, Busy, ErrorBox, useKitCss, Pill } from '../secretariat/kit.jsx';

const STATES = ['assigned', 'draft', 'submitted', 'conflict'];

export default function ReviewerAssignments({ account }) {
  useLang();
  useKitCss();
  const reviews = useAsync(() => apiAll('/reviews'), []);
  const [inv, setInv] = useState({ call: '', reason: '' });
  const [invMsg, setInvMsg] = useState(null);
  const [invErr, setInvErr] = useState(null);
  const items = reviews.data || [];
  const counts = Object.fromEntries(STATES.map((s) => [s, items.filter((r) => r.status === s).length]));
  const active = items.filter((r) => r.status !== 'conflict').length;
  const answer = async (kind) => {
    setInvErr(null); setInvMsg(null);
    try {
      const pid = account && account.person_id;
      await api.post(`/calls/${inv.call}/reviewers/${pid}/${kind}`, kind === 'decline' ? { reason: inv.reason } : {});
      setInvMsg(t(`reviewer.inv.${kind}ed`, { call: inv.call }));
    } catch (e) { setInvErr(e); }
  };
  const byCall = {};
  items.forEach((r) => { (byCall[r.call_id] = byCall[r.call_id] || []).push(r); });
  return (
    <div class="w3-page" id="reviewer-assignments" data-testid="reviewer-assignments">
      <h1>{t('reviewer.title')}</h1>
      {reviews.loading && <Busy />}
      <ErrorBox error={reviews.error} />
      {reviews.data && (
        <section class="w3-card" id="reviewer-progress" data-testid="reviewer-progress">
          <h2>{t('reviewer.progress')}</h2>
          <label for="reviewer-progress-bar">{t('reviewer.progressOf', { done: counts.submitted, total: active })}</label>{' '}
          <progress id="reviewer-progress-bar" max={active || 1} value={counts.submitted} />{' '}
          {active ? fmtPercent(counts.submitted / active) : ''}
          <ul class="w3-row" style={{ listStyle: 'none', padding: 0 }}>
            {STATES.map((s) => <li key={s}><Pill>{tEnum('reviewer.status', s)}: {counts[s]}</Pill></li>)}
          </ul>
        </section>
      )}
      {Object.entries(byCall).map(([cid, rs]) => (
        <section key={cid}>
          <h2>{t('reviewer.call', { id: cid })}</h2>
          <table class="w3-table" data-testid={`reviewer-call-${cid}`}>
            <thead><tr><th>{t('reviewer.review')}</th><th>{t('reviewer.proposal')}</th><th>{t('reviewer.statusH')}</th><th class="num">{t('reviewer.overall')}</th><th>{t('reviewer.assigned')}</th></tr></thead>
            <tbody>{rs.map((r) => (
              <tr key={r.id}>
                <td><Link href={`/reviewer/reviews/${r.id}`} id={`review-link-${r.id}`} data-testid={`review-link-${r.id}`}>{t('reviewer.openReview', { id: r.id })}</Link></td>
                <td>#{r.proposal_id}</td>
                <td><Pill kind={r.status === 'submitted' ? 'pass' : r.status === 'conflict' ? 'fail' : 'pending'}>{tEnum('reviewer.status', r.status)}</Pill></td>
                <td class="num">{r.overall ?? '—'}</td>
                <td>{fmtDate(r.assigned_at)}</td>
              </tr>))}</tbody>
          </table>
        </section>
      ))}
      {reviews.data && items.length === 0 && <p>{t('reviewer.none')}</p>}
      <section class="w3-card" id="reviewer-invitation" data-testid="reviewer-invitation">
        <h2>{t('reviewer.inv.title')}</h2>
        <p>{t('reviewer.inv.help')}</p>
        <div class="w3-grid">
          <label>{t('reviewer.inv.call')}<input id="inv-call" type="number" min="1" value={inv.call} onInput={(e) => setInv({ ...inv, call: e.currentTarget.value })} /></label>
          <label>{t('reviewer.inv.reason')}<input id="inv-reason" value={inv.reason} onInput={(e) => setInv({ ...inv, reason: e.currentTarget.value })} /></label>
        </div>
        <div class="w3-row">
          <button type="button" id="inv-accept" disabled={!inv.call} onClick={() => answer('accept')}>{t('reviewer.inv.accept')}</button>
          <button type="button" id="inv-decline" disabled={!inv.call || !inv.reason} onClick={() => answer('decline')}>{t('reviewer.inv.decline')}</button>
        </div>
        {invMsg && <p role="status" class="w3-ok">{invMsg}</p>}
        <ErrorBox error={invErr} />
      </section>
    </div>
  );
}
