// Public: funded projects (from the adopted agendas' funded lists), with
// search and filters by country, issue and funder. The agenda gives each
// project's partner countries and funders; the funds' public commitments add
// recipient countries; signed-in secretariat/observer/funder accounts also
// read the awards themselves.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, apiAll } from '../../api.js';
import { t, fmtAmounts, getLang, fmtNumber } from '../../i18n.js';
import { Table, Select, Field, Progress, Problem, Section } from '../../components/index.js';
import { setQuery } from '../../router.jsx';
import { loadCountries, countryName, byCode, loadFunds } from '../../lib/ref.js';

const AWARD_ROLES = ['secretariat', 'observer', 'funder'];

export function ProjectsPage({ query, account }) {
  const lang = getLang();
  const [rows, setRows] = useState(null);
  const [error, setError] = useState(null);
  const [progress, setProgress] = useState({ done: 0, total: 0 });
  const [countries, setCountries] = useState({});
  const [q, setQ] = useState(query.q || '');
  const [country, setCountry] = useState(query.country || '');
  const [issue, setIssue] = useState(query.issue || '');
  const [funder, setFunder] = useState(query.funder || '');

  useEffect(() => {
    let live = true;
    (async () => {
      try {
        const [procs, cl, funds] = await Promise.all([apiAll('/agenda-processes'), loadCountries(), loadFunds()]);
        if (!live) return;
        setCountries(byCode(cl));
        const adopted = procs.filter((p) => p.phase === 'adopted');
        const out = new Map();
        for (const p of adopted) {
          const a = await api.get(`/agenda-processes/${p.id}/agenda`, { lang });
          for (const i of a.issues) {
            for (const c of i.calls) {
              for (const f of c.funded) {
                const row = out.get(f.proposal_id) || { ...f, issues: [], call: c, countries: new Set(f.countries || []), funders: new Set(f.funders || []) };
                row.issues.push({ code: i.code, title: i.title, process: p.code });
                out.set(f.proposal_id, row);
              }
            }
          }
        }
        // the funds' commitments (public): recipient countries, fund as funder
        const details = await Promise.all(funds.map((f) => api.get(`/funds/${f.id}`).catch(() => null)));
        for (const d of details) {
          if (!d) continue;
          for (const cm of d.commitments || []) {
            const row = out.get(cm.proposal_id);
            if (!row) continue;
            if (cm.recipient_country) row.countries.add(cm.recipient_country);
            row.funders.add(`${d.code} — ${d.name}`);
          }
        }
        let list = [...out.values()];
        if (live) setRows(list.map((r) => ({ ...r })));
        if (account && AWARD_ROLES.includes(account.role)) {
          setProgress({ done: 0, total: list.length });
          let done = 0;
          const queue = [...list];
          const worker = async () => {
            while (queue.length && live) {
              const r = queue.shift();
              try {
                const aw = await api.get(`/proposals/${r.proposal_id}/awards`);
                for (const x of aw.items || []) {
                  if (x.country) r.countries.add(x.country);
                  if (x.funder) r.funders.add(x.funder);
                }
              } catch { /* not visible to this funder */ }
              done += 1;
              if (live) setProgress({ done, total: list.length });
            }
          };
          await Promise.all([worker(), worker(), worker(), worker()]);
          if (live) setRows(list.map((r) => ({ ...r })));
        }
      } catch (e) {
        if (live) setError(e);
      }
    })();
    return () => { live = false; };
  }, [lang, account && account.id]);

  const all = rows || [];
  const opts = useMemo(() => {
    const cs = new Set(), is = new Map(), fs = new Set();
    for (const r of all) {
      r.countries.forEach((c) => cs.add(c));
      r.issues.forEach((i) => is.set(i.code, i.title));
      r.funders.forEach((f) => fs.add(f));
    }
    return {
      countries: [...cs].map((c) => ({ value: c, label: `${countryName(countries[c], c)} (${c})` })).sort((a, b) => a.label.localeCompare(b.label)),
      issues: [...is].map(([code, title]) => ({ value: code, label: `${code} — ${title}` })),
      funders: [...fs].sort().map((f) => ({ value: f, label: f })),
    };
  }, [rows, countries]);

  const needle = q.trim().toLowerCase();
  const filtered = all.filter((r) =>
    (!needle || `${r.acronym} ${r.title} ${r.call.title}`.toLowerCase().includes(needle)) &&
    (!country || r.countries.has(country)) &&
    (!issue || r.issues.some((i) => i.code === issue)) &&
    (!funder || r.funders.has(funder)));

  const upd = (k, set) => (v) => { set(v); setQuery({ [k]: v }); };
  return (
    <div data-testid="projects-page">
      <h1>{t('projects.page_title')}</h1>
      <Problem error={error} />
      <Section>
        <form class="row" role="search" onSubmit={(e) => e.preventDefault()}>
          <Field id="projects-q" label={t('projects.search')} type="search" value={q} onInput={(e) => upd('q', setQ)(e.currentTarget.value)} />
          <Select id="projects-country" label={t('common.country')} value={country} onChange={upd('country', setCountry)} empty={t('common.all')} options={opts.countries} />
          <Select id="projects-issue" label={t('projects.issue')} value={issue} onChange={upd('issue', setIssue)} empty={t('common.all')} options={opts.issues} />
          <Select id="projects-funder" label={t('projects.funder')} value={funder} onChange={upd('funder', setFunder)} empty={t('common.all')} options={opts.funders} />
        </form>
        {!account && <p class="muted">{t('projects.public_note')}</p>}
        {progress.total > 0 && progress.done < progress.total && (
          <Progress label={t('projects.loading_awards')} value={progress.done} max={progress.total} />
        )}
      </Section>
      {!rows && !error && <Progress />}
      {rows && (
        <>
          <p aria-live="polite" data-testid="projects-count">{t('projects.count', { n: filtered.length, total: all.length })}</p>
          <Table testid="projects-table" rowKey="proposal_id" rows={filtered} pageSize={50}
            columns={[
              { key: 'acronym', label: t('projects.acronym') },
              { key: 'title', label: t('projects.title') },
              { key: 'issues', label: t('projects.issue'), render: (r) => r.issues.map((i) => i.code).join(', '), sort: (r) => r.issues[0] && r.issues[0].code },
              { key: 'call', label: t('projects.call'), render: (r) => r.call.programme, sort: (r) => r.call.programme },
              { key: 'countries', label: t('projects.countries'), render: (r) => [...r.countries].sort().join(', '), sort: (r) => [...r.countries].sort().join(',') },
              { key: 'grants', label: t('projects.grants'), numeric: true, render: (r) => fmtNumber(r.grants) },
              { key: 'committed', label: t('agenda.committed'), render: (r) => fmtAmounts(r.committed), sortable: false },
              { key: 'paid', label: t('agenda.paid'), render: (r) => fmtAmounts(r.paid), sortable: false },
            ]} />
        </>
      )}
    </div>
  );
}
