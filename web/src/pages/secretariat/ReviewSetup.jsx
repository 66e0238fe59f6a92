// The review set-up form and the reviewer invitation panel of the
// secretariat's review page (PUT /calls/{id}/review, /calls/{id}/reviewers).
import { useState, useEffect } from 'preact/hooks';
import { api } from '../../api.js';
import { t, tEnum, fmtNumber } from '../../i18n.js';
import { useAsync, Busy, ErrorBox, Pill } from './kit.jsx';

const blankCrit = () => ({ code: '', name: '', weight: '1', threshold: '' });

function fromSetup(s) {
  if (!s) {
    return { per_proposal: '3', max_same_country: '', exclude: false, min: '0', max: '5', step: '0.5', overall: '', tie: '',
      criteria: [{ code: 'excellence', name: 'Excellence', weight: '1', threshold: '' }] };
  }
  const sc = s.scheme || {};
  return {
    per_proposal: String(s.per_proposal ?? ''),
    max_same_country: s.max_same_country == null ? '' : String(s.max_same_country),
    exclude: !!s.exclude_applicant_countries,
    min: String(sc.scale?.min ?? 0), max: String(sc.scale?.max ?? 5), step: String(sc.scale?.step ?? 1),
    overall: sc.overall_threshold == null ? '' : String(sc.overall_threshold),
    tie: (sc.tie_breaks || []).join(', '),
    criteria: (sc.criteria || []).map((c) => ({ code: c.code, name: c.name, weight: String(c.weight ?? 1), threshold: c.threshold == null ? '' : String(c.threshold) })),
  };
}

export function ReviewSetupForm({ callId, setup, onSaved }) {
  const [f, setF] = useState(() => fromSetup(setup));
  const [err, setErr] = useState(null);
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState('');
  useEffect(() => { setF(fromSetup(setup)); }, [setup]);
  const set = (k) => (e) => setF({ ...f, [k]: e.currentTarget.type === 'checkbox' ? e.currentTarget.checked : e.currentTarget.value });
  const setC = (i, k) => (e) => setF({ ...f, criteria: f.criteria.map((c, j) => (j === i ? { ...c, [k]: e.currentTarget.value } : c)) });
  const save = async (e) => {
    e.preventDefault(); setErr(null); setMsg(''); setBusy(true);
    const num = (v) => (v === '' ? null : Number(v));
    const scheme = {
      scale: { min: Number(f.min), max: Number(f.max), step: Number(f.step) },
      criteria: f.criteria.map((c) => {
        const o = { code: c.code.trim(), name: c.name.trim(), weight: Number(c.weight || 1) };
        if (c.threshold !== '') o.threshold = Number(c.threshold);
        return o;
      }),
    };
    if (f.overall !== '') scheme.overall_threshold = Number(f.overall);
    const tie = f.tie.split(',').map((x) => x.trim()).filter(Boolean);
    if (tie.length) scheme.tie_breaks = tie;
    const body = { per_proposal: Number(f.per_proposal), exclude_applicant_countries: f.exclude, scheme };
    if (f.max_same_country !== '') body.max_same_country = num(f.max_same_country);
    try { await api.put(`/calls/${callId}/review`, body); setMsg(t('secretariat.setup.saved')); onSaved && onSaved(); } catch (x) { setErr(x); }
    setBusy(false);
  };
  return (
    <section class="w3-card" id="review-setup-panel" data-testid="review-setup-panel">
      <h2>{t('secretariat.setup.title')}</h2>
      <form id="review-setup-form" onSubmit={save}>
        <div class="w3-grid">
          <label>{t('secretariat.setup.perProposal')}<input id="setup-per-proposal" type="number" min="1" max="20" required value={f.per_proposal} onInput={set('per_proposal')} /></label>
          <label>{t('secretariat.setup.maxSameCountry')}<input id="setup-max-same-country" type="number" min="1" max="20" value={f.max_same_country} onInput={set('max_same_country')} /></label>
          <label><span><input id="setup-exclude" type="checkbox" checked={f.exclude} onChange={set('exclude')} /> {t('secretariat.setup.exclude')}</span></label>
          <label>{t('secretariat.setup.min')}<input id="setup-min" type="number" min="0" max="100" step="1" required value={f.min} onInput={set('min')} /></label>
          <label>{t('secretariat.setup.max')}<input id="setup-max" type="number" min="1" max="100" step="1" required value={f.max} onInput={set('max')} /></label>
          <label>{t('secretariat.setup.step')}
            <select id="setup-step" value={f.step} onChange={set('step')}>
              <option value="1">1</option>
              <option value="0.5">0.5</option>
            </select></label>
          <label>{t('secretariat.setup.overall')}<input id="setup-overall" type="number" step="any" value={f.overall} onInput={set('overall')} /></label>
          <label>{t('secretariat.setup.tieBreaks')}<input id="setup-tie-breaks" type="text" value={f.tie} onInput={set('tie')} /></label>
        </div>
        <fieldset id="setup-criteria">
          <legend>{t('secretariat.setup.criteria')}</legend>
          {f.criteria.map((c, i) => (
            <div class="w3-row" key={i} id={`crit-${i}`} data-testid={`crit-${i}`}>
              <label>{t('secretariat.setup.code')} <input id={`crit-${i}-code`} type="text" required maxLength={40} value={c.code} onInput={setC(i, 'code')} /></label>
              <label>{t('secretariat.setup.name')} <input id={`crit-${i}-name`} type="text" required maxLength={200} value={c.name} onInput={setC(i, 'name')} /></label>
              <label>{t('secretariat.setup.weight')} <input id={`crit-${i}-weight`} type="number" min="1" max="100" value={c.weight} onInput={setC(i, 'weight')} /></label>
              <label>{t('secretariat.setup.threshold')} <input id={`crit-${i}-threshold`} type="number" step="any" value={c.threshold} onInput={setC(i, 'threshold')} /></label>
              <button type="button" id={`crit-${i}-remove`} disabled={f.criteria.length <= 1} onClick={() => setF({ ...f, criteria: f.criteria.filter((_, j) => j !== i) })}>{t('secretariat.setup.remove')}</button>
            </div>
          ))}
          <button type="button" id="crit-add" disabled={f.criteria.length >= 12} onClick={() => setF({ ...f, criteria: [...f.criteria, blankCrit()] })}>{t('secretariat.setup.addCriterion')}</button>
        </fieldset>
        <p><button type="submit" id="setup-save" disabled={busy}>{t('secretariat.setup.save')}</button></p>
      </form>
      {busy && <Busy />}
      <ErrorBox error={err} id="setup-error" />
      {msg && <p role="status" class="w3-ok" id="setup-saved">{msg}</p>}
    </section>
  );
}

export function ReviewerPool({ callId }) {
  const pool = useAsync(() => api.get(`/calls/${callId}/reviewers`).then((r) => r.items || r), [callId]);
  const [q, setQ] = useState('');
  const [found, setFound] = useState(null);
  const [person, setPerson] = useState('');
  const [load, setLoad] = useState({ min: '0', max: '5' });
  const [err, setErr] = useState(null);
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState('');
  const search = async (e) => {
    e && e.preventDefault(); setErr(null); setMsg(''); setBusy(true);
    try {
      const r = await api.get('/people', { q, limit: 50 });
      const items = r.items || r;
      setFound(items); setPerson(items.length ? String(items[0].id) : '');
    } catch (x) { setErr(x); }
    setBusy(false);
  };
  const invite = async () => {
    setErr(null); setMsg(''); setBusy(true);
    try {
      await api.post(`/calls/${callId}/reviewers`, { person_id: Number(person), min_load: Number(load.min || 0), max_load: Number(load.max) });
      setMsg(t('secretariat.pool.invited')); pool.reload();
    } catch (x) { setErr(x); }
    setBusy(false);
  };
  const kind = { accepted: 'pass', declined: 'fail', invited: 'pending' };
  return (
    <section class="w3-card" id="reviewer-pool-panel" data-testid="reviewer-pool-panel">
      <h2>{t('secretariat.pool.title')}</h2>
      <form class="w3-row" id="reviewer-search-form" onSubmit={search}>
        <label>{t('secretariat.pool.search')} <input id="reviewer-search" type="search" value={q} onInput={(e) => setQ(e.currentTarget.value)} /></label>
        <button type="submit" id="reviewer-search-button">{t('secretariat.pool.find')}</button>
      </form>
      {found && found.length === 0 && <p id="reviewer-search-none">{t('secretariat.pool.none')}</p>}
      {found && found.length > 0 && (
        <div class="w3-row" id="reviewer-invite-form">
          <label>{t('secretariat.pool.person')}{' '}
            <select id="reviewer-person" value={person} onChange={(e) => setPerson(e.currentTarget.value)}>
              {found.map((p) => <option key={p.id} value={String(p.id)}>{p.name} ({p.country}) #{p.id}</option>)}
            </select></label>
          <label>{t('secretariat.pool.minLoad')} <input id="reviewer-min-load" type="number" min="0" max="1000" value={load.min} onInput={(e) => setLoad({ ...load, min: e.currentTarget.value })} /></label>
          <label>{t('secretariat.pool.maxLoad')} <input id="reviewer-max-load" type="number" min="0" max="1000" required value={load.max} onInput={(e) => setLoad({ ...load, max: e.currentTarget.value })} /></label>
          <button type="button" id="reviewer-invite" disabled={busy || !person} onClick={invite}>{t('secretariat.pool.invite')}</button>
        </div>
      )}
      {busy && <Busy />}
      <ErrorBox error={err} id="reviewer-invite-error" />
      {msg && <p role="status" class="w3-ok" id="reviewer-invite-msg">{msg}</p>}
      <h3>{t('secretariat.pool.list')}</h3>
      {pool.loading && <Busy />}
      <ErrorBox error={pool.error} />
      {pool.data && pool.data.length === 0 && <p id="reviewer-pool-empty">{t('secretariat.pool.empty')}</p>}
      {pool.data && pool.data.length > 0 && (
        <table class="w3-table" id="reviewer-pool">
          <thead><tr><th>{t('secretariat.pool.name')}</th><th>{t('secretariat.pool.country')}</th><th class="num">{t('secretariat.pool.minLoad')}</th><th class="num">{t('secretariat.pool.maxLoad')}</th><th>{t('secretariat.pool.status')}</th></tr></thead>
          <tbody>{pool.data.map((r) => (
            <tr key={r.person_id} data-testid={`pool-${r.person_id}`} data-status={r.status}>
              <td>{r.name} #{r.person_id}</td><td>{r.country}</td>
              <td class="num">{fmtNumber(r.min_load)}</td><td class="num">{fmtNumber(r.max_load)}</td>
              <td><Pill kind={kind[r.status]}>{tEnum('secretariat.poolStatus', r.status)}</Pill>{r.reason ? ` — ${r.reason}` : ''}</td>
            </tr>))}</tbody>
        </table>
      )}
    </section>
  );
}
