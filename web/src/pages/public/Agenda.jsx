// Public: the adopted agenda of a process — issues by place, with their
// calls, funded proposals and money committed / paid.
import { useState } from 'preact/hooks';
import { api, apiAll } from '../../api.js';
import { t, fmtDate, fmtAmounts, getLang, fmtNumber } from '../../i18n.js';
import { useApi, Loaded, Select, Table, Section } from '../../components/index.js';
import { Link, setQuery } from '../../router.jsx';
import { localized } from '../../lib/ref.js';

function IssueCard({ issue }) {
  const funded = issue.calls.flatMap((c) => c.funded.map((f) => ({ ...f, call: c })));
  return (
    <article class="card" data-testid="agenda-issue" data-code={issue.code} aria-labelledby={`issue-${issue.id}-h`}>
      <div class="card-head">
        <h2 id={`issue-${issue.id}-h`}><span class="place">{t('agenda.place', { n: issue.place })}</span> · {issue.title}</h2>
        <span class="muted">{issue.code}</span>
      </div>
      {issue.summary && <p>{issue.summary}</p>}
      <dl class="kv">
        {issue.sdgs && issue.sdgs.length > 0 && (<><dt>{t('agenda.sdgs')}</dt><dd>{issue.sdgs.map((s) => `SDG ${s}`).join(', ')}</dd></>)}
        {issue.proposer && (<><dt>{t('agenda.proposer')}</dt><dd>{issue.proposer.member}</dd></>)}
        <dt>{t('agenda.calls')}</dt>
        <dd>{issue.calls.length ? issue.calls.map((c) => c.title).join('; ') : t('agenda.no_calls')}</dd>
        <dt>{t('agenda.committed')}</dt><dd data-testid="issue-committed">{fmtAmounts(issue.committed) || '—'}</dd>
        <dt>{t('agenda.paid')}</dt><dd>{fmtAmounts(issue.paid) || '—'}</dd>
      </dl>
      {funded.length > 0 && (
        <Table testid="issue-funded" caption={t('agenda.funded_n', { n: funded.length })} rowKey="proposal_id" rows={funded}
          columns={[
            { key: 'acronym', label: t('projects.acronym') },
            { key: 'title', label: t('projects.title') },
            { key: 'call', label: t('projects.call'), render: (r) => r.call.programme, sort: (r) => r.call.programme },
            { key: 'grants', label: t('projects.grants'), numeric: true, render: (r) => fmtNumber(r.grants) },
            { key: 'committed', label: t('agenda.committed'), render: (r) => fmtAmounts(r.committed), sortable: false },
            { key: 'paid', label: t('agenda.paid'), render: (r) => fmtAmounts(r.paid), sortable: false },
          ]} />
      )}
    </article>
  );
}

export function AgendaPage({ query }) {
  const lang = getLang();
  const procs = useApi(() => apiAll('/agenda-processes'), []);
  const adopted = (procs.data || []).filter((p) => p.phase === 'adopted');
  const [sel, setSel] = useState(query.process || '');
  const pid = sel || (adopted.length ? String(adopted[adopted.length - 1].id) : '');
  const agenda = useApi(() => (pid ? api.get(`/agenda-processes/${pid}/agenda`, { lang }) : Promise.resolve(null)), [pid, lang]);
  return (
    <div data-testid="agenda-page">
      <h1>{t('agenda.title')}</h1>
      <Loaded state={procs}>
        {() => adopted.length === 0 ? <p>{t('agenda.none_adopted')}</p> : (
          <>
            <Select id="agenda-process" label={t('agenda.process')} value={pid}
              onChange={(v) => { setSel(v); setQuery({ process: v }); }}
              options={adopted.map((p) => ({ value: String(p.id), label: `${p.code} — ${localized(p.titles, p.title)}` }))} />
            <Loaded state={agenda}>
              {(a) => a && (
                <>
                  <Section>
                    <h2>{a.process.title}</h2>
                    <ul class="stats">
                      <li><span class="v">{fmtNumber(a.issues.length)}</span>{t('agenda.issues')}</li>
                      <li><span class="v">{fmtDate(a.process.adopted_on)}</span>{t('agenda.adopted_on')}</li>
                      <li><span class="v">{t(`method.${a.process.method}`)}</span>{t('agenda.method')}</li>
                      <li><span class="v">{fmtNumber(a.issues.reduce((n, i) => n + i.calls.reduce((m, c) => m + c.funded.length, 0), 0))}</span>{t('agenda.funded')}</li>
                    </ul>
                    <dl class="kv">
                      <dt>{t('agenda.committed')}</dt><dd data-testid="agenda-committed">{fmtAmounts(a.committed) || '—'}</dd>
                      <dt>{t('agenda.paid')}</dt><dd>{fmtAmounts(a.paid) || '—'}</dd>
                    </dl>
                    <p><Link href={`/projects?process=${pid}`}>{t('agenda.see_projects')}</Link></p>
                  </Section>
                  {a.issues.map((i) => <IssueCard key={i.id} issue={i} />)}
                </>
              )}
            </Loaded>
          </>
        )}
      </Loaded>
    </div>
  );
}
