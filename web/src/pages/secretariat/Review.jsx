import { useMemo, useState } from 'preact/hooks';
import { api, apiAll } from '../../api.js';
import { t, useLang, fmtNumber, tEnum } from '../../i18n.js';
import { Link } from '../../router.jsx';
import { useAsync, Busy, ErrorBox, callTitle, useKitCss, Pill, Chart } from './kit.jsx';
import { ReviewSetupForm, ReviewerPool } from './ReviewSetup.jsx';

function affinityHistogram(reviews) {
  const per = {};
  reviews.filter((r) => r.status !== 'conflict' && r.affinity != null).forEach((r) => { per[r.proposal_id] = (per[r.proposal_id] || 0) + r.affinity; });
  const vals = Object.values(per);
  if (!vals.length) return null;
  const max = Math.max(...vals);
  const bins = 10;
  const w = max > 0 ? max / bins : 1;
  const counts = new Array(bins).fill(0);
  vals.forEach((v) => { counts[Math.min(bins - 1, Math.floor(v / w))] += 1; });
  return { labels: counts.map((_, i) => `${(i * w).toFixed(2)}–${((i + 1) * w).toFixed(2)}`), counts, n: vals.length };
}

export default function SecretariatReview({ params }) {
  useLang();
  useKitCss();
  const id = Number(params.id);
  const call = useAsync(() => api.get(`/calls/${id}`), [id]);
  const setup = useAsync(() => api.get(`/calls/${id}/review`).catch(() => null), [id]);
  const reviews = useAsync(() => apiAll('/reviews', { call_id: id }), [id]);
  const ranking = useAsync(() => api.get(`/calls/${id}/ranking`).catch((e) => ({ error: e })), [id]);
  const [fair, setFair] = useState('false');
  const [running, setRunning] = useState(false);
  const [summary, setSummary] = useState(null);
  const [err, setErr] = useState(null);
  const [manual, setManual] = useState({ proposal_id: '', person_id: '' });
  const [msg, setMsg] = useState('');

  const run = async () => {
    setErr(null); setSummary(null); setRunning(true);
    try {
      const f = fair === 'false' ? false : fair === 'true' ? true : fair;
      setSummary(await api.post(`/calls/${id}/assignment-run`, { fair: f }));
      reviews.reload(); ranking.reload();
    } catch (e) { setErr(e); }
    setRunning(false);
  };
  const assign = async (e) => {
    e.preventDefault(); setErr(null); setMsg('');
    try { await api.post('/assignments', { proposal_id: Number(manual.proposal_id), person_id: Number(manual.person_id) }); setMsg(t('secretariat.review.assigned')); reviews.reload(); } catch (x) { setErr(x); }
  };
  const rs = reviews.data || [];
  const counts = ['assigned', 'draft', 'submitted', 'conflict'].map((s) => [s, rs.filter((r) => r.status === s).length]);
  const hist = useMemo(() => affinityHistogram(rs), [reviews.data]);
  const loads = useMemo(() => {
    const per = {};
    rs.filter((r) => r.status !== 'conflict').forEach((r) => { per[r.person_id] = (per[r.person_id] || 0) + 1; });
    const h = [];
    Object.values(per).forEach((n) => { h[n] = (h[n] || 0) + 1; });
    return Array.from(h, (v) => v || 0);
  }, [reviews.data]);
  const histOption = useMemo(() => hist && ({
    tooltip: {}, grid: { left: 50, right: 20, bottom: 60, top: 30 },
    xAxis: { type: 'category', data: hist.labels, name: t('secretariat.review.affinity'), nameLocation: 'middle', nameGap: 40, axisLabel: { rotate: 30 } },
    yAxis: { type: 'value', name: t('secretariat.review.proposals'), minInterval: 1 },
    series: [{ type: 'bar', data: hist.counts, itemStyle: { color: '#1a73e8' } }],
  }), [hist]);
  const loadSource = summary ? summary.load_histogram : loads;
  const loadOption = useMemo(() => ({
    tooltip: {}, grid: { left: 50, right: 20, bottom: 40, top: 30 },
    xAxis: { type: 'category', data: loadSource.map((_, i) => String(i)), name: t('secretariat.review.load'), nameLocation: 'middle', nameGap: 25 },
    yAxis: { type: 'value', name: t('secretariat.review.reviewers'), minInterval: 1 },
    series: [{ type: 'bar', data: loadSource, itemStyle: { color: '#34a853' } }],
  }), [loadSource]);

  return (
    <div class="w3-page" id="secretariat-review" data-testid="secretariat-review">
      <p><Link href="/secretariat/calls">{t('secretariat.back')}</Link></p>
      <h1>{t('secretariat.review.title')}{call.data ? `: ${callTitle(call.data)}` : ''}</h1>
      <ErrorBox error={call.error} />
      {setup.data && (
        <p id="review-setup">{t('secretariat.review.setup', { n: setup.data.per_proposal, crit: setup.data.scheme.criteria.map((c) => c.name).join(', '), min: setup.data.scheme.scale.min, max: setup.data.scheme.scale.max })}</p>
      )}
      {setup.data === null && !setup.loading && <p>{t('secretariat.review.noSetup')}</p>}
      <ReviewSetupForm callId={id} setup={setup.data} onSaved={setup.reload} />
      <ReviewerPool callId={id} />
      <section class="w3-card" id="assignment-run" data-testid="assignment-run">
        <h2>{t('secretariat.review.run')}</h2>
        <div class="w3-row">
          <label>{t('secretariat.review.fair')}{' '}
            <select id="assignment-fair" value={fair} onChange={(e) => setFair(e.currentTarget.value)}>
              <option value="false">{t('secretariat.review.fairNone')}</option>
              <option value="proposal">{t('secretariat.review.fairProposal')}</option>
              <option value="pair">{t('secretariat.review.fairPair')}</option>
            </select></label>
          <button type="button" id="assignment-run-button" data-testid="assignment-run-button" disabled={running} onClick={run}>{t('secretariat.review.runButton')}</button>
        </div>
        {running && <Busy label={t('secretariat.review.running')} id="assignment-progress" />}
        {summary && (
          <dl id="assignment-summary" data-testid="assignment-summary" class="w3-grid">
            <div><dt>{t('secretariat.review.created')}</dt><dd>{fmtNumber(summary.assigned)}</dd></div>
            <div><dt>{t('secretariat.review.proposals')}</dt><dd>{fmtNumber(summary.proposals)}</dd></div>
            <div><dt>{t('secretariat.review.reviewers')}</dt><dd>{fmtNumber(summary.reviewers)}</dd></div>
            <div><dt>{t('secretariat.review.total')}</dt><dd>{fmtNumber(summary.objective, { maximumFractionDigits: 3 })}</dd></div>
            <div><dt>{t('secretariat.review.lowest')}</dt><dd>{fmtNumber(summary.lowest_proposal_affinity, { maximumFractionDigits: 3 })}</dd></div>
            <div><dt>{t('secretariat.review.mean')}</dt><dd>{fmtNumber(summary.mean_proposal_affinity, { maximumFractionDigits: 3 })}</dd></div>
            <div><dt>{t('secretariat.review.skipped')}</dt><dd>{fmtNumber(summary.skipped_with_reviewers.length)}</dd></div>
            <div><dt>{t('secretariat.review.seconds')}</dt><dd>{fmtNumber(summary.seconds)}</dd></div>
          </dl>
        )}
        <ErrorBox error={err} id="assignment-error" />
        <form class="w3-row" onSubmit={assign} id="manual-assign">
          <label>{t('secretariat.review.proposalId')} <input id="manual-proposal" type="number" min="1" value={manual.proposal_id} onInput={(e) => setManual({ ...manual, proposal_id: e.currentTarget.value })} /></label>
          <label>{t('secretariat.review.personId')} <input id="manual-person" type="number" min="1" value={manual.person_id} onInput={(e) => setManual({ ...manual, person_id: e.currentTarget.value })} /></label>
          <button type="submit" id="manual-assign-button">{t('secretariat.review.assign')}</button>
        </form>
        {msg && <p role="status" class="w3-ok">{msg}</p>}
      </section>
      <section class="w3-card" id="review-progress" data-testid="review-progress">
        <h2>{t('secretariat.review.progress')}</h2>
        {reviews.loading && <Busy />}
        <ul class="w3-row" style={{ listStyle: 'none', padding: 0 }}>{counts.map(([s, n]) => <li key={s}><Pill>{tEnum('reviewer.status', s)}: {fmtNumber(n)}</Pill></li>)}</ul>
        <h3>{t('secretariat.review.affinityHist')}</h3>
        {histOption ? <Chart id="affinity-histogram" option={histOption} label={t('secretariat.review.affinityHist')} /> : <p id="affinity-histogram-empty">{t('secretariat.review.noAffinity')}</p>}
        <h3>{t('secretariat.review.loads')}</h3>
        <Chart id="load-histogram" option={loadOption} height={240} label={t('secretariat.review.loads')} />
      </section>
      <section class="w3-card" id="ranking" data-testid="ranking">
        <h2>{t('secretariat.review.ranking')}</h2>
        {ranking.loading && <Busy />}
        {ranking.data && ranking.data.error && <ErrorBox error={ranking.data.error} />}
        {ranking.data && ranking.data.items && (
          <table class="w3-table" id="ranking-table">
            <thead><tr><th class="num">{t('secretariat.review.rank')}</th><th>{t('secretariat.review.proposal')}</th><th class="num">{t('secretariat.review.score')}</th><th class="num">{t('secretariat.review.nreviews')}</th><th>{t('secretariat.review.thresholds')}</th></tr></thead>
            <tbody>{ranking.data.items.map((r) => (
              <tr key={r.proposal_id}>
                <td class="num">{r.rank ?? '—'}{r.tied ? ' =' : ''}</td>
                <td>{r.acronym} — {r.title}</td>
                <td class="num">{r.score == null ? '—' : fmtNumber(r.score, { maximumFractionDigits: 2 })}</td>
                <td class="num">{r.reviews}</td>
                <td>{r.below_threshold ? <Pill kind="fail">{t('secretariat.review.below', { list: r.thresholds_failed.join(', ') })}</Pill> : <Pill kind="pass">{t('secretariat.review.meets')}</Pill>}</td>
              </tr>))}</tbody>
          </table>
        )}
      </section>
    </div>
  );
}
