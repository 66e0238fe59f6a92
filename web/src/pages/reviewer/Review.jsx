import { useEffect, useState } from 'preact/hooks';
import { api, apiAll } from '../../api.js';
import { t, useLang, fmtMoney, tEnum, fmtDate } from '../../i18n.js';
import { Link } from '../../router.jsx';
import { Busy, ErrorBox, useKitCss, Pill } from '../secretariat/kit.jsx';

/** The call's scoring scheme: GET /calls/{id}/review when allowed; a reviewer
 *  may not read it (403), so the criteria are then taken from the scores of
 *  its own reviews in the call and the scale defaults to 0–5 in steps of 0.5. */
async function loadScheme(callId) {
  try {
    const r = await api.get(`/calls/${callId}/review`);
    return { ...r.scheme, inferred: false };
  } catch (e) {
    const mine = await apiAll('/reviews');
    const codes = [];
    mine.filter((r) => r.call_id === callId).forEach((r) => Object.keys(r.scores || {}).forEach((c) => { if (!codes.includes(c)) codes.push(c); }));
    const order = ['excellence', 'impact', 'implementation'];
    codes.sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99));
    return { scale: { min: 0, max: 5, step: 0.5 }, criteria: codes.map((c) => ({ code: c, name: null, weight: 1 })), inferred: true };
  }
}

export default function ReviewForm({ params }) {
  useLang();
  useKitCss();
  const id = Number(params.id);
  const [rev, setRev] = useState(null);
  const [scheme, setScheme] = useState(null);
  const [prop, setProp] = useState(null);
  const [scores, setScores] = useState({});
  const [comments, setComments] = useState('');
  const [conflict, setConflict] = useState('no');
  const [reason, setReason] = useState('');
  const [err, setErr] = useState(null);
  const [msg, setMsg] = useState('');
  const [busy, setBusy] = useState(false);

  async function load() {
    try {
      const r = await api.get(`/reviews/${id}`);
      setRev(r);
      setScores(Object.fromEntries(Object.entries(r.scores || {}).map(([k, v]) => [k, String(v)])));
      setComments(r.comments || '');
      setScheme(await loadScheme(r.call_id));
      if (r.status === 'draft' || r.status === 'submitted') {
        try { setProp(await api.get(`/proposals/${r.proposal_id}`)); } catch { setProp(null); }
      }
    } catch (e) { setErr(e); }
  }
  useEffect(() => { load(); }, [id]);

  const run = async (fn, note) => {
    setErr(null); setMsg(''); setBusy(true);
    try { await fn(); await load(); if (note) setMsg(note); } catch (e) { setErr(e); }
    setBusy(false);
  };
  const scoreBody = () => Object.fromEntries((scheme.criteria || []).map((c) => [c.code, scores[c.code] === undefined || scores[c.code] === '' ? null : Number(scores[c.code])]));
  if (!rev) return <div class="w3-page" id="reviewer-review">{err ? <ErrorBox error={err} /> : <Busy />}</div>;
  const editable = rev.status === 'draft';
  return (
    <div class="w3-page" id="reviewer-review" data-testid="reviewer-review" aria-busy={busy ? 'true' : 'false'}>
      <p><Link href="/reviewer/assignments">{t('reviewer.back')}</Link></p>
      <h1>{t('reviewer.form.title', { id: rev.id, proposal: rev.proposal_id })}</h1>
      <p>{t('reviewer.call', { id: rev.call_id })} · <Pill>{tEnum('reviewer.status', rev.status)}</Pill></p>
      {rev.status === 'assigned' && (
        <form class="w3-card" id="conflict-form" data-testid="conflict-form" onSubmit={(e) => { e.preventDefault(); run(() => api.post(`/reviews/${id}/open`, conflict === 'yes' ? { conflict: true, reason } : { conflict: false }), t('reviewer.opened')); }}>
          <fieldset>
            <legend>{t('reviewer.conflict.legend')}</legend>
            <label><input type="radio" name="conflict" id="conflict-no" value="no" checked={conflict === 'no'} onChange={() => setConflict('no')} /> {t('reviewer.conflict.no')}</label><br />
            <label><input type="radio" name="conflict" id="conflict-yes" value="yes" checked={conflict === 'yes'} onChange={() => setConflict('yes')} /> {t('reviewer.conflict.yes')}</label>
            {conflict === 'yes' && <label class="w3-field">{t('reviewer.conflict.reason')}<textarea id="conflict-reason" required value={reason} onInput={(e) => setReason(e.currentTarget.value)} /></label>}
          </fieldset>
          <button type="submit" id="review-open" data-testid="review-open">{t('reviewer.conflict.open')}</button>
        </form>
      )}
      {prop && (
        <section class="w3-card" id="review-proposal" data-testid="review-proposal">
          <h2>{prop.acronym} — {prop.title}</h2>
          <p>{prop.abstract}</p>
          <p>{t('reviewer.form.keywords')}: {(prop.keywords || []).join(', ')} · {t('reviewer.form.duration', { n: prop.duration_months })}</p>
          <ul>{(prop.partners || []).map((p) => <li key={p.seq}>{p.organization.name} ({p.organization.country}) — {tEnum('applicant.builder', p.role)} {p.requested ? `· ${fmtMoney(p.requested, p.currency)}` : ''}</li>)}</ul>
        </section>
      )}
      {(rev.status === 'draft' || rev.status === 'submitted') && scheme && (
        <form class="w3-card" id="review-form" data-testid="review-form" onSubmit={(e) => { e.preventDefault(); run(() => api.patch(`/reviews/${id}`, { scores: scoreBody(), comments }), t('reviewer.form.saved')); }}>
          <h2>{t('reviewer.form.criteria')}</h2>
          {scheme.inferred && <p><small>{t('reviewer.form.inferred')}</small></p>}
          <div class="w3-grid">
            {scheme.criteria.map((c) => (
              <label key={c.code} data-testid={`criterion-${c.code}`}>
                {c.name || tEnum('reviewer.criterion', c.code)} ({scheme.scale.min}–{scheme.scale.max}{c.weight && c.weight !== 1 ? `, ×${c.weight}` : ''}{c.threshold != null ? `, ≥ ${c.threshold}` : ''})
                <input type="number" id={`score-${c.code}`} min={scheme.scale.min} max={scheme.scale.max} step={scheme.scale.step} disabled={!editable}
                  value={scores[c.code] ?? ''} onInput={(e) => setScores({ ...scores, [c.code]: e.currentTarget.value })} />
              </label>
            ))}
          </div>
          <label class="w3-field">{t('reviewer.form.comments')}<textarea id="review-comments" rows={6} disabled={!editable} value={comments} onInput={(e) => setComments(e.currentTarget.value)} /></label>
          <p>{t('reviewer.form.overall')}: <strong id="review-overall">{rev.overall ?? '—'}</strong>{rev.submitted_at ? ` · ${t('reviewer.form.submittedAt', { date: fmtDate(rev.submitted_at, true) })}` : ''}</p>
          {editable && (
            <div class="w3-row">
              <button type="submit" id="review-save" data-testid="review-save">{t('reviewer.form.save')}</button>
              <button type="button" id="review-submit" data-testid="review-submit" onClick={() => run(async () => { await api.patch(`/reviews/${id}`, { scores: scoreBody(), comments }); await api.post(`/reviews/${id}/submit`); }, t('reviewer.form.submittedNote'))}>{t('reviewer.form.submit')}</button>
            </div>
          )}
        </form>
      )}
      {(rev.status === 'draft' || rev.status === 'submitted') && (
        <details class="w3-card" id="late-conflict">
          <summary>{t('reviewer.conflict.late')}</summary>
          <label class="w3-field">{t('reviewer.conflict.reason')}<textarea id="late-conflict-reason" value={reason} onInput={(e) => setReason(e.currentTarget.value)} /></label>
          <button type="button" id="late-conflict-declare" disabled={!reason} onClick={() => run(() => api.post(`/proposals/${rev.proposal_id}/conflicts`, { reason }), t('reviewer.conflict.declared'))}>{t('reviewer.conflict.declare')}</button>
        </details>
      )}
      {busy && <Busy />}
      {msg && <p role="status" class="w3-ok" id="review-msg">{msg}</p>}
      <ErrorBox error={err} id="review-error" />
    </div>
  );
}
