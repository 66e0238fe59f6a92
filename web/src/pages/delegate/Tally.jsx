// The count: ranking, winners, the pairwise matrix as a heat map (Schulze,
// ranked pairs), the rounds (instant runoff, Equal Shares), points, the
// members' weights and the consensus across groups.
import { useMemo } from 'preact/hooks';
import { api } from '../../api.js';
import { t, tEnum, fmtNumber, fmtPercent, getLang } from '../../i18n.js';
import { useApi, Loaded, Section, Table, Chart, Badge } from '../../components/index.js';
import { Link } from '../../router.jsx';

function Pairwise({ ex }) {
  const option = useMemo(() => {
    const c = ex.candidates;
    const data = [];
    let max = 1;
    ex.pairwise.forEach((row, i) => row.forEach((v, j) => { if (i !== j) { data.push([j, i, v]); max = Math.max(max, v); } }));
    return {
      tooltip: { formatter: (p) => t('tally.pair_tip', { a: c[p.value[1]], b: c[p.value[0]], n: p.value[2] }) },
      grid: { left: 90, right: 20, top: 20, bottom: 90 },
      xAxis: { type: 'category', data: c, axisLabel: { rotate: 45 }, name: t('tally.against'), nameLocation: 'middle', nameGap: 60 },
      yAxis: { type: 'category', data: c, inverse: true },
      visualMap: { min: 0, max, calculable: true, orient: 'horizontal', left: 'center', bottom: 0, inRange: { color: ['#f4f7fb', '#4f9bd9', '#08305c'] } },
      series: [{ type: 'heatmap', data, label: { show: c.length <= 14, color: '#1a1f26', formatter: (p) => fmtNumber(p.value[2]) }, emphasis: { itemStyle: { borderColor: '#f2a900', borderWidth: 2 } } }],
    };
  }, [ex, getLang()]);
  return (
    <Section title={t('tally.pairwise')} testid="pairwise">
      <p class="muted">{t('tally.pairwise_help')}</p>
      <Chart testid="pairwise-heatmap" height={Math.max(320, 40 * ex.candidates.length + 120)} option={option} label={t('tally.pairwise')} />
    </Section>
  );
}

function Rounds({ rounds, title }) {
  return (
    <Section title={title} testid="tally-rounds">
      <ol>
        {rounds.map((r, i) => (
          <li key={i} data-testid="tally-round">
            {Object.entries(r).map(([k, v]) => (
              <span key={k}><strong>{k}</strong>: {typeof v === 'object' ? (Array.isArray(v) ? v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : x)).join(', ') : Object.entries(v).map(([a, b]) => `${a} ${typeof b === 'object' ? JSON.stringify(b) : b}`).join(' · ')) : String(v)}; </span>
            ))}
          </li>
        ))}
      </ol>
    </Section>
  );
}

export function TallyPage({ params }) {
  const s = useApi(() => api.get(`/agenda-processes/${params.id}/tally`), [params.id]);
  return (
    <div data-testid="tally-page">
      <p><Link href={`/delegate/processes/${params.id}`}>← {t('delegate.back_to_process')}</Link></p>
      <h1>{t('tally.title')}</h1>
      <Loaded state={s}>
        {(r) => {
          const ex = r.explanation || {};
          const rounds = ex.rounds || ex.steps;
          const points = ex.points || ex.scores || ex.approvals;
          const rankRows = (r.ranking || []).flatMap((g, i) => g.map((code) => ({ code, place: i + 1 - 0, tied: g.length > 1 })));
          // place numbering: ties share the place of the group's first member
          let p = 1;
          (r.ranking || []).forEach((g) => { g.forEach((code) => { const row = rankRows.find((x) => x.code === code); row.place = p; }); p += g.length; });
          return (
            <>
              {r.provisional && <p class="notice">{t('tally.provisional')}</p>}
              <Section>
                <ul class="stats">
                  <li><span class="v">{tEnum('method', (r.method || '').replace('-', '_'))}</span>{tEnum('ballot', r.ballot)}</li>
                  <li><span class="v">{fmtNumber(r.ballots)}</span>{t('delegate.ballots')}</li>
                  <li><span class="v">{fmtNumber(r.members_voting)} / {fmtNumber(r.members_taking_part)}</span>{t('tally.members_voting')}</li>
                  <li><span class="v">{tEnum('weighting', r.weighting)}</span>{t('tally.weighting')}</li>
                </ul>
              </Section>
              <Section title={t('tally.ranking')} testid="tally-ranking">
                <Table testid="ranking-table" rowKey="code" rows={rankRows} columns={[
                  { key: 'place', label: t('delegate.place'), numeric: true, render: (x) => `${x.place}${x.tied ? ' =' : ''}` },
                  { key: 'code', label: t('delegate.code') },
                  { key: 'adopted', label: t('common.status'), render: (x) => ((r.adopted || []).includes(x.code) ? <Badge tone="ok">{tEnum('issue_status', 'adopted')}</Badge> : <Badge>{tEnum('issue_status', 'not_adopted')}</Badge>), sort: (x) => ((r.adopted || []).includes(x.code) ? 0 : 1) },
                  ...(points && !Array.isArray(points) ? [{ key: 'points', label: t('tally.points'), numeric: true, render: (x) => fmtNumber(points[x.code]), sort: (x) => points[x.code] }] : []),
                ]} />
              </Section>
              {ex.pairwise && ex.candidates && <Pairwise ex={ex} />}
              {Array.isArray(rounds) && rounds.length > 0 && <Rounds rounds={rounds} title={t('tally.rounds')} />}
              {r.consensus && r.consensus.issues && (
                <Section title={t('tally.consensus')} testid="tally-consensus">
                  <p class="muted">{t('tally.consensus_help')}</p>
                  <Table testid="consensus-table" rowKey="issue" rows={r.consensus.issues} initialSort={{ key: 'score', dir: -1 }} columns={[
                    { key: 'issue', label: t('delegate.code') },
                    { key: 'score', label: t('tally.consensus_score'), numeric: true, render: (x) => fmtNumber(x.score, { maximumFractionDigits: 3 }) },
                    ...Object.keys((r.consensus.issues[0] || {}).groups || {}).map((g) => ({
                      key: `g:${g}`, label: g, numeric: true, sort: (x) => x.groups[g] && x.groups[g].share,
                      render: (x) => (x.groups[g] ? `${fmtPercent(x.groups[g].share, 0)} (${fmtNumber(x.groups[g].support)}/${fmtNumber(x.groups[g].voting)})` : ''),
                    })),
                    { key: 'divisive', label: t('tally.divisive'), render: (x) => (x.divisive ? <Badge tone="warn">{t('common.yes')}</Badge> : t('common.no')) },
                  ]} />
                </Section>
              )}
              {r.members && (
                <Section title={t('tally.members')}>
                  <Table rowKey="member" rows={r.members} pageSize={20} columns={[
                    { key: 'member', label: t('delegate.member') },
                    { key: 'group', label: t('tally.group') },
                    { key: 'weight', label: t('tally.weight'), numeric: true, render: (x) => fmtNumber(x.weight) },
                    { key: 'ballots', label: t('delegate.ballots'), numeric: true },
                  ]} />
                </Section>
              )}
            </>
          );
        }}
      </Loaded>
    </div>
  );
}
