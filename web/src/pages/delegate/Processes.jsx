import { useState } from 'preact/hooks';
import { api, apiAll } from '../../api.js';
import { t, fmtDate, tEnum, fmtNumber } from '../../i18n.js';
import { useApi, Loaded, Table, Section, Field, Select, Button, Problem, useAction } from '../../components/index.js';
import { Link, navigate } from '../../router.jsx';
import { localized } from '../../lib/ref.js';

function addDays(d, n) {
  const x = new Date(`${d}T00:00:00Z`);
  x.setUTCDate(x.getUTCDate() + n);
  return x.toISOString().slice(0, 10);
}

function NewProcess() {
  const today = new Date().toISOString().slice(0, 10);
  const [f, setF] = useState({ code: '', title: '', ballot: 'ranked', method: 'schulze', support_threshold: '1', adopt_max: '', proposal: today, consultation: addDays(today, 30), voting: addDays(today, 60), voting_closes: addDays(today, 75) });
  const set = (k) => (e) => setF({ ...f, [k]: e && e.currentTarget ? e.currentTarget.value : e });
  const methods = { ranked: ['schulze', 'ranked-pairs', 'borda', 'irv'], approval: ['approval'], score: ['score'] }[f.ballot];
  const [run, st] = useAction(async () => {
    const body = {
      code: f.code, title: f.title, ballot: f.ballot, method: methods.includes(f.method) ? f.method : methods[0],
      support_threshold: Number(f.support_threshold) || 1,
      dates: { proposal: f.proposal, consultation: f.consultation, voting: f.voting, voting_closes: f.voting_closes },
    };
    if (f.adopt_max) body.adopt_max = Number(f.adopt_max);
    const p = await api.post('/agenda-processes', body);
    navigate(`/delegate/processes/${p.id}`);
  });
  return (
    <Section title={t('delegate.new_process')} testid="new-process">
      <form onSubmit={(e) => { e.preventDefault(); run(); }}>
        <div class="row">
          <Field id="new-process-code" label={t('delegate.code')} required value={f.code} onInput={set('code')} />
          <Field id="new-process-title" label={t('delegate.process_title')} required value={f.title} onInput={set('title')} />
          <Select id="new-process-ballot" label={t('delegate.ballot_kind')} value={f.ballot} onChange={set('ballot')}
            options={['ranked', 'approval', 'score'].map((b) => ({ value: b, label: tEnum('ballot', b) }))} />
          <Select id="new-process-method" label={t('delegate.method')} value={methods.includes(f.method) ? f.method : methods[0]} onChange={set('method')}
            options={methods.map((m) => ({ value: m, label: tEnum('method', m.replace('-', '_')) }))} />
          <Field id="new-process-threshold" label={t('delegate.threshold')} type="number" min="1" value={f.support_threshold} onInput={set('support_threshold')} />
          <Field id="new-process-adopt-max" label={t('delegate.adopt_max')} type="number" min="1" value={f.adopt_max} onInput={set('adopt_max')} />
        </div>
        <div class="row">
          {['proposal', 'consultation', 'voting', 'voting_closes'].map((k) => (
            <Field key={k} id={`new-process-${k}`} label={tEnum('phase_date', k)} type="date" value={f[k]} onInput={set(k)} />
          ))}
        </div>
        <Button type="submit" id="new-process-submit" busy={st.busy}>{t('common.create')}</Button>
        <Problem error={st.error} />
      </form>
    </Section>
  );
}

export function ProcessesPage({ account }) {
  const s = useApi(() => apiAll('/agenda-processes'), []);
  return (
    <div data-testid="delegate-processes">
      <h1>{t('delegate.processes')}</h1>
      <Loaded state={s}>
        {(items) => (
          <Table testid="processes-table" rows={[...items].reverse()}
            columns={[
              { key: 'code', label: t('delegate.code'), render: (p) => <Link href={`/delegate/processes/${p.id}`}>{p.code}</Link> },
              { key: 'title', label: t('delegate.process_title'), render: (p) => localized(p.titles, p.title) },
              { key: 'phase', label: t('delegate.phase'), render: (p) => tEnum('phase', p.phase) },
              { key: 'ballot', label: t('delegate.ballot_kind'), render: (p) => `${tEnum('ballot', p.ballot)} · ${tEnum('method', (p.method || '').replace('-', '_'))}` },
              { key: 'issues', label: t('delegate.issues'), numeric: true, render: (p) => fmtNumber(p.issues) },
              { key: 'ballots', label: t('delegate.ballots'), numeric: true, render: (p) => fmtNumber(p.ballots) },
              { key: 'voting_closes', label: t('delegate.voting_closes'), render: (p) => fmtDate(p.dates && p.dates.voting_closes), sort: (p) => p.dates && p.dates.voting_closes },
            ]} />
        )}
      </Loaded>
      {account && account.role === 'secretariat' && <NewProcess />}
    </div>
  );
}
