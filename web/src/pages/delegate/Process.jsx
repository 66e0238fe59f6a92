import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import { t, fmtDate, tEnum, fmtNumber, getLang } from '../../i18n.js';
import { useApi, Loaded, Table, Section, Field, Select, Button, Problem, useAction, Badge } from '../../components/index.js';
import { Link } from '../../router.jsx';
import { localized } from '../../lib/ref.js';
import { BallotForm } from './Ballot.jsx';

const NEXT = { proposal: 'consultation', consultation: 'voting', voting: 'adopted' };

function ProposeIssue({ process, account, onDone }) {
  const [code, setCode] = useState('');
  const [title, setTitle] = useState('');
  const [summary, setSummary] = useState('');
  const [sdgs, setSdgs] = useState('');
  const [member, setMember] = useState('');
  const [run, st] = useAction(async () => {
    const body = { code, texts: { [getLang()]: { title, summary } } };
    const s = sdgs.split(/[\s,]+/).filter(Boolean).map(Number);
    if (s.length) body.sdgs = s;
    if (member) body.member = member;
    await api.post(`/agenda-processes/${process.id}/issues`, body);
    setCode(''); setTitle(''); setSummary(''); setSdgs('');
    onDone();
  });
  return (
    <Section title={t('delegate.propose_issue')} testid="propose-issue">
      <form onSubmit={(e) => { e.preventDefault(); run(); }}>
        <div class="row">
          <Field id="issue-code" label={t('delegate.code')} required value={code} onInput={(e) => setCode(e.currentTarget.value)} />
          <Field id="issue-title" label={t('delegate.issue_title')} required value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
          <Field id="issue-sdgs" label={t('delegate.sdgs')} hint={t('delegate.sdgs_hint')} value={sdgs} onInput={(e) => setSdgs(e.currentTarget.value)} />
          {account.role === 'secretariat' && (
            <Field id="issue-member" label={t('delegate.member')} hint={t('delegate.member_hint')} value={member} onInput={(e) => setMember(e.currentTarget.value)} />
          )}
        </div>
        <Field id="issue-summary" textarea label={t('delegate.summary')} required value={summary} onInput={(e) => setSummary(e.currentTarget.value)} />
        <Button type="submit" id="issue-submit" busy={st.busy}>{t('delegate.propose')}</Button>
        <Problem error={st.error} />
      </form>
    </Section>
  );
}

function PhaseControl({ process, onDone }) {
  const next = NEXT[process.phase];
  const [phase, setPhase] = useState(next);
  const [run, st] = useAction(async () => {
    await api.post(`/agenda-processes/${process.id}/phase`, { phase });
    onDone();
  });
  if (!next) return null;
  return (
    <form class="row" onSubmit={(e) => { e.preventDefault(); run(); }} data-testid="phase-form">
      <Select id="phase-select" label={t('delegate.move_phase')} value={phase} onChange={setPhase}
        options={[{ value: next, label: tEnum('phase', next) }]} />
      <div class="field"><Button type="submit" id="phase-submit" busy={st.busy}>{t('delegate.move_to', { phase: tEnum('phase', phase) })}</Button></div>
      <Problem error={st.error} />
    </form>
  );
}

function MyBallot({ process, account, issues, reloadAll }) {
  const mine = useApi(() => api.get(`/agenda-processes/${process.id}/ballots`), [process.id]);
  const [withdraw, st] = useAction(async () => {
    await api.del(`/agenda-processes/${process.id}/ballots/mine`);
    mine.reload();
  });
  const candidates = issues.filter((i) => i.status === 'consultation' || i.status === 'candidate' || i.status === 'on_ballot');
  const cands = candidates.length ? candidates : issues.filter((i) => i.status !== 'proposed' && i.status !== 'withdrawn');
  return (
    <Section title={t('ballot.title')} testid="my-ballot">
      <Loaded state={mine}>
        {(b) => {
          const items = (b && b.items) || [];
          const own = items.find((x) => !x.account_id || x.account_id === account.id) || null;
          if (own) {
            return (
              <div data-testid="ballot-cast">
                <p class="notice">{t('ballot.cast_done', { date: fmtDate(own.created_at, true) })}</p>
                <p>{Object.entries(own.marks || {}).sort((a, c) => (a[1] || 99) - (c[1] || 99)).map(([k, v]) => `${k}: ${v}`).join(' · ')}</p>
                <Button variant="danger" id="ballot-withdraw" busy={st.busy} onClick={withdraw}>{t('ballot.withdraw')}</Button>
                <Problem error={st.error} />
              </div>
            );
          }
          return <BallotForm process={process} candidates={cands} onDone={() => { mine.reload(); reloadAll(); }} />;
        }}
      </Loaded>
    </Section>
  );
}

export function ProcessPage({ params, account }) {
  const lang = getLang();
  const id = params.id;
  const proc = useApi(() => api.get(`/agenda-processes/${id}`), [id]);
  const issues = useApi(() => api.get(`/agenda-processes/${id}/issues`).then((r) => ({ ...r, items: r.items.map((i) => ({ ...i, title: (i.texts && i.texts[lang] && i.texts[lang].title) || i.title })) })), [id, lang]);
  const reload = () => { proc.reload(); issues.reload(); };
  const role = account.role;
  return (
    <div data-testid="process-page">
      <Loaded state={proc}>
        {(p) => (
          <>
            <p><Link href="/delegate">← {t('delegate.processes')}</Link></p>
            <h1>{p.code} — {localized(p.titles, p.title)}</h1>
            <Section>
              <ul class="stats">
                <li data-testid="process-phase"><span class="v">{tEnum('phase', p.phase)}</span>{t('delegate.phase')}</li>
                <li><span class="v">{tEnum('ballot', p.ballot)}</span>{tEnum('method', (p.method || '').replace('-', '_'))}</li>
                <li><span class="v">{fmtNumber(p.issues)}</span>{t('delegate.issues')}</li>
                <li><span class="v">{fmtNumber(p.ballots)}</span>{t('delegate.ballots')}</li>
              </ul>
              {p.description && <p>{p.description}</p>}
              <dl class="kv">
                {Object.entries(p.dates || {}).map(([k, v]) => (<><dt key={`${k}t`}>{tEnum('phase_date', k)}</dt><dd key={k}>{fmtDate(v)}</dd></>))}
              </dl>
              {role === 'secretariat' && <PhaseControl key={p.phase} process={p} onDone={reload} />}
              {(p.phase === 'adopted' || ((role === 'secretariat' || role === 'observer') && p.phase === 'voting')) && (
                <p><Link href={`/delegate/processes/${p.id}/tally`} id="tally-link" class="btn btn-secondary">{t('delegate.see_tally')}</Link></p>
              )}
            </Section>
            <Section title={t('delegate.issues_title')}>
              <Loaded state={issues}>
                {(r) => (
                  <Table testid="issues-table" rows={r.items} initialSort={p.phase === 'adopted' ? { key: 'place', dir: 1 } : null}
                    columns={[
                      { key: 'place', label: t('delegate.place'), numeric: true, render: (i) => i.place ?? '' },
                      { key: 'code', label: t('delegate.code'), render: (i) => <Link href={`/delegate/issues/${i.id}`} data-testid="issue-row">{i.code}</Link> },
                      { key: 'title', label: t('delegate.issue_title') },
                      { key: 'proposer', label: t('delegate.proposer'), render: (i) => i.proposer && i.proposer.member, sort: (i) => i.proposer && i.proposer.member },
                      { key: 'status', label: t('common.status'), render: (i) => <Badge tone={i.status === 'adopted' ? 'ok' : i.status === 'not_adopted' ? 'neutral' : 'info'}>{tEnum('issue_status', i.status)}</Badge> },
                      { key: 'support_count', label: t('delegate.support'), numeric: true, render: (i) => `${fmtNumber(i.support_count)} / ${fmtNumber(i.support_threshold)}` },
                      { key: 'comment_count', label: t('delegate.comments'), numeric: true, render: (i) => fmtNumber(i.comment_count) },
                    ]} />
                )}
              </Loaded>
            </Section>
            {p.phase === 'proposal' && (role === 'delegate' || role === 'secretariat') && (
              <ProposeIssue process={p} account={account} onDone={reload} />
            )}
            {p.phase === 'voting' && role === 'delegate' && issues.data && (
              <MyBallot process={p} account={account} issues={issues.data.items} reloadAll={proc.reload} />
            )}
          </>
        )}
      </Loaded>
    </div>
  );
}
