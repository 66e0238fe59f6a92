// Consortium builder: edit a draft proposal; every change is saved (POST,
// then PATCH while a draft) and judged again with GET /proposals/{id}/eligibility.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../../api.js';
import { t, useLang, getLang, fmtMoney, fmtDate, tEnum, parseMoney, currencyExponent } from '../../i18n.js';
import { Link } from '../../router.jsx';
import { Busy, ErrorBox, callTitle, useKitCss, Pill, queryParam } from '../secretariat/kit.jsx';

const blankPartner = () => ({ organization_id: null, org: null, role: 'partner', pi_person_id: '', funder_id: '', requested: '', own_cash: '', own_in_kind: '', team_size: '1' });

function toText(minor, cur) {
  if (minor === null || minor === undefined) return '';
  const e = currencyExponent(cur);
  return (Number(minor) / 10 ** e).toFixed(e);
}

function OrgPicker({ idx, partner, onPick }) {
  const [q, setQ] = useState('');
  const [items, setItems] = useState([]);
  const [busy, setBusy] = useState(false);
  const timer = useRef(null);
  useEffect(() => {
    if (q.trim().length < 2) { setItems([]); return undefined; }
    clearTimeout(timer.current);
    timer.current = setTimeout(async () => {
      setBusy(true);
      try {
        const r = await api.get('/organizations', { q: q.trim(), limit: 15 });
        setItems(r.items.filter((o) => o.type !== 'funding_agency'));
      } catch { setItems([]); }
      setBusy(false);
    }, 300);
    return () => clearTimeout(timer.current);
  }, [q]);
  return (
    <div class="w3-field">
      <label for={`partner-${idx}-orgsearch`}>{t('applicant.builder.orgSearch')}</label>
      <input id={`partner-${idx}-orgsearch`} data-testid={`partner-${idx}-orgsearch`} type="search" value={q}
        onInput={(e) => setQ(e.currentTarget.value)} aria-busy={busy ? 'true' : 'false'} autocomplete="off" />
      {items.length > 0 && (
        <>
          <label for={`partner-${idx}-org`}>{t('applicant.builder.orgPick')}</label>
          <select id={`partner-${idx}-org`} data-testid={`partner-${idx}-org`} size={Math.min(6, items.length + 1)}
            value={partner.organization_id || ''}
            onChange={(e) => {
              const o = items.find((x) => String(x.id) === e.currentTarget.value);
              if (o) { onPick(o); setQ(''); setItems([]); }
            }}>
            <option value="">{t('applicant.builder.orgChoose')}</option>
            {items.map((o) => <option key={o.id} value={o.id}>{o.name} ({o.country}, {tEnum('applicant.orgtype', o.type)}{o.sme ? ', SME' : ''})</option>)}
          </select>
        </>
      )}
    </div>
  );
}

export default function Builder({ params }) {
  const lang = useLang();
  useKitCss();
  const initialId = params && params.id && params.id !== 'new' ? Number(params.id) : null;
  const [pid, setPid] = useState(initialId);
  const [call, setCall] = useState(null);
  const [status, setStatus] = useState(initialId ? null : 'new');
  const [form, setForm] = useState({ acronym: '', title: '', abstract: '', keywords: '', duration_months: '24' });
  const [partners, setPartners] = useState([{ ...blankPartner(), role: 'coordinator' }]);
  const [signed, setSigned] = useState([]);
  const [elig, setElig] = useState(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState(null);
  const [loadError, setLoadError] = useState(null);
  const [dirty, setDirty] = useState(0);
  const [sugg, setSugg] = useState(null);
  const [suggBusy, setSuggBusy] = useState(false);
  const [note, setNote] = useState('');
  const loaded = useRef(!initialId);
  const pidRef = useRef(initialId);
  const queue = useRef(Promise.resolve());

  // load the proposal (or the call of a new one)
  useEffect(() => {
    (async () => {
      try {
        if (initialId) {
          const p = await api.get(`/proposals/${initialId}`);
          const c = await api.get(`/calls/${p.call_id}`);
          setCall(c);
          applyProposal(p);
          loaded.current = true;
          judge(initialId);
        } else {
          const cid = queryParam('call');
          if (cid) setCall(await api.get(`/calls/${cid}`));
        }
      } catch (e) { setLoadError(e); }
    })();
  }, [initialId]);

  function applyProposal(p) {
    setStatus(p.status);
    setForm({ acronym: p.acronym || '', title: p.title || '', abstract: p.abstract || '', keywords: (p.keywords || []).join(', '), duration_months: String(p.duration_months || '') });
    setPartners((p.partners || []).map((x) => ({
      organization_id: x.organization_id, org: x.organization, role: x.role,
      pi_person_id: x.pi ? String(x.pi.id) : '', funder_id: x.funder_id ? String(x.funder_id) : '',
      requested: toText(x.requested, x.currency), own_cash: toText(x.own_cash, x.currency), own_in_kind: toText(x.own_in_kind, x.currency),
      team_size: String(x.team_size || 1), currency: x.currency,
    })));
    setSigned((p.partners || []).map((x) => x.commitment_signed_at));
  }

  function funderOf(id) { return call && call.funders.find((f) => String(f.organization_id) === String(id)); }
  function defaultCurrency() { return (call && call.funders[0] && call.funders[0].currency) || 'EUR'; }

  function body() {
    const ps = partners.filter((p) => p.organization_id).map((p) => {
      const f = funderOf(p.funder_id);
      const cur = f ? f.currency : (p.currency || defaultCurrency());
      const m = (v) => (v === '' ? 0 : parseMoney(v, cur));
      return {
        organization_id: p.organization_id, role: p.role,
        pi_person_id: p.pi_person_id ? Number(p.pi_person_id) : null,
        funder_id: f ? f.organization_id : null, own_expense: !f, currency: cur,
        requested: f ? m(p.requested) : 0, own_cash: m(p.own_cash), own_in_kind: m(p.own_in_kind),
        team_size: Number(p.team_size) || 1,
      };
    });
    const kw = form.keywords.split(',').map((s) => s.trim()).filter(Boolean);
    return {
      acronym: form.acronym.trim() || null, title: form.title.trim(), abstract: form.abstract.trim() || null,
      keywords: kw.length ? kw : null, duration_months: Number(form.duration_months), partners: ps,
    };
  }

  async function judge(id) {
    try { setElig(await api.get(`/proposals/${id}/eligibility`)); } catch (e) { setError(e); }
  }

  // saves run one after another, so a draft is created once
  function save(manual) {
    const b = body();
    queue.current = queue.current.then(() => doSave(manual, b));
    return queue.current;
  }

  async function doSave(manual, b) {
    if (!call) return;
    if (!b.title || !(b.duration_months > 0)) { setNote(t('applicant.builder.needTitle')); return; }
    if (b.partners.some((p) => p.requested === null || p.own_cash === null || p.own_in_kind === null)) { setNote(t('applicant.builder.badMoney')); return; }
    setNote('');
    setSaving(true);
    setError(null);
    try {
      let p;
      if (!pidRef.current) {
        p = await api.post('/proposals', { call_id: call.id, ...b });
        pidRef.current = p.id;
        setPid(p.id);
        history.replaceState(null, '', `/applicant/proposals/${p.id}`);
      } else {
        p = await api.patch(`/proposals/${pidRef.current}`, b);
      }
      setStatus(p.status);
      setSigned((p.partners || []).map((x) => x.commitment_signed_at));
      await judge(p.id);
      if (manual) setNote(t('applicant.builder.saved'));
    } catch (e) { setError(e); }
    setSaving(false);
  }

  // live: save and judge shortly after each change while a draft
  useEffect(() => {
    if (!dirty || !loaded.current) return undefined;
    if (status && status !== 'draft' && status !== 'new') return undefined;
    const h = setTimeout(() => save(false), 700);
    return () => clearTimeout(h);
  }, [dirty]);

  const setF = (k) => (e) => { setForm({ ...form, [k]: e.currentTarget.value }); setDirty((n) => n + 1); };
  const setP = (i, patch) => { setPartners(partners.map((p, j) => (j === i ? { ...p, ...patch } : p))); setDirty((n) => n + 1); };
  const addPartner = (patch) => { setPartners([...partners, { ...blankPartner(), ...patch }]); setDirty((n) => n + 1); };
  const removePartner = (i) => { setPartners(partners.filter((_, j) => j !== i)); setDirty((n) => n + 1); };

  async function suggest() {
    setSuggBusy(true);
    try { setSugg(await api.get(`/proposals/${pid}/suggestions`, { limit: 8 })); } catch (e) { setError(e); }
    setSuggBusy(false);
  }
  function addSuggested(s) {
    const f = call.funders.find((x) => x.country === s.country);
    addPartner({ organization_id: s.organization_id, org: { name: s.name, country: s.country, type: s.type, sme: s.sme }, funder_id: f ? String(f.organization_id) : '', team_size: '1' });
    setSugg(null);
  }
  async function submit() {
    setSaving(true); setError(null);
    try {
      const p = await api.post(`/proposals/${pid}/submit`);
      applyProposal(p);
      await judge(pid);
      setNote(t('applicant.builder.submittedNote'));
    } catch (e) { setError(e); }
    setSaving(false);
  }
  async function commit(seq) {
    setError(null);
    try {
      const p = await api.post(`/proposals/${pid}/partners/${seq}/commitment`, {});
      applyProposal(p);
      await judge(pid);
    } catch (e) { setError(e); }
  }

  if (loadError) return <div class="w3-page" id="applicant-builder"><ErrorBox error={loadError} /></div>;
  if (!call) return <div class="w3-page" id="applicant-builder"><Busy /></div>;

  const verdict = elig ? (elig.eligible ? 'eligible' : elig.rules.some((r) => !r.pass && !r.pending) ? 'ineligible' : 'pending') : null;
  const editable = !status || status === 'new' || status === 'draft' || status === 'submitted' || status === 'eligible' || status === 'ineligible';
  return (
    <div class="w3-page" id="applicant-builder" data-testid="applicant-builder">
      <p><Link href="/applicant/calls">{t('applicant.builder.back')}</Link></p>
      <h1>{t('applicant.builder.title')}</h1>
      <p>{callTitle(call)} — <span id="proposal-status" data-testid="proposal-status">{t('applicant.builder.statusIs', { status: tEnum('applicant.status', status || 'new') })}</span>{pid ? ` · #${pid}` : ''}</p>
      <div class="w3-two">
        <form onSubmit={(e) => { e.preventDefault(); save(true); }} aria-label={t('applicant.builder.title')}>
          <fieldset class="w3-card">
            <legend>{t('applicant.builder.project')}</legend>
            <div class="w3-grid">
              <label>{t('applicant.builder.acronym')}<input id="proposal-acronym" data-testid="proposal-acronym" value={form.acronym} maxLength={40} onInput={setF('acronym')} /></label>
              <label>{t('applicant.builder.ptitle')}<input id="proposal-title" data-testid="proposal-title" value={form.title} required onInput={setF('title')} /></label>
              <label>{t('applicant.builder.duration')}<input id="proposal-duration" data-testid="proposal-duration" type="number" min="1" max="1200" value={form.duration_months} onInput={setF('duration_months')} /></label>
              <label>{t('applicant.builder.keywords')}<input id="proposal-keywords" value={form.keywords} onInput={setF('keywords')} /></label>
            </div>
            <label class="w3-field">{t('applicant.builder.abstract')}<textarea id="proposal-abstract" rows={3} value={form.abstract} onInput={setF('abstract')} /></label>
          </fieldset>
          <h2>{t('applicant.builder.consortium')}</h2>
          <div id="consortium" data-testid="consortium">
            {partners.map((p, i) => {
              const f = funderOf(p.funder_id);
              const cur = f ? f.currency : (p.currency || defaultCurrency());
              return (
                <fieldset class="w3-card" key={i} data-testid={`partner-${i}`} id={`partner-${i}`}>
                  <legend>{t('applicant.builder.partnerN', { n: i + 1 })}{p.org ? `: ${p.org.name} (${p.org.country}, ${tEnum('applicant.orgtype', p.org.type)}${p.org.sme ? ', SME' : ''})` : ''}</legend>
                  {!p.org && <OrgPicker idx={i} partner={p} onPick={(o) => setP(i, { organization_id: o.id, org: { name: o.name, country: o.country, type: o.type, sme: o.sme }, funder_id: (call.funders.find((x) => x.country === o.country) || {}).organization_id ? String(call.funders.find((x) => x.country === o.country).organization_id) : '' })} />}
                  <div class="w3-grid">
                    <label>{t('applicant.builder.role')}
                      <select id={`partner-${i}-role`} data-testid={`partner-${i}-role`} value={p.role} onChange={(e) => setP(i, { role: e.currentTarget.value })}>
                        <option value="coordinator">{t('applicant.builder.coordinator')}</option>
                        <option value="partner">{t('applicant.builder.partner')}</option>
                      </select>
                    </label>
                    <label>{t('applicant.builder.funder')}
                      <select id={`partner-${i}-funder`} data-testid={`partner-${i}-funder`} value={p.funder_id} onChange={(e) => setP(i, { funder_id: e.currentTarget.value })}>
                        <option value="">{t('applicant.builder.ownExpense')}</option>
                        {call.funders.map((fu) => <option key={fu.organization_id} value={String(fu.organization_id)}>{fu.name} ({fu.country}, {fu.currency})</option>)}
                      </select>
                    </label>
                    <label>{t('applicant.builder.requested', { cur })}<input id={`partner-${i}-requested`} data-testid={`partner-${i}-requested`} inputMode="decimal" disabled={!f} value={p.requested} onInput={(e) => setP(i, { requested: e.currentTarget.value })} /></label>
                    <label>{t('applicant.builder.ownCash', { cur })}<input id={`partner-${i}-cash`} inputMode="decimal" value={p.own_cash} onInput={(e) => setP(i, { own_cash: e.currentTarget.value })} /></label>
                    <label>{t('applicant.builder.ownInKind', { cur })}<input id={`partner-${i}-inkind`} inputMode="decimal" value={p.own_in_kind} onInput={(e) => setP(i, { own_in_kind: e.currentTarget.value })} /></label>
                    <label>{t('applicant.builder.team')}<input id={`partner-${i}-team`} type="number" min="1" value={p.team_size} onInput={(e) => setP(i, { team_size: e.currentTarget.value })} /></label>
                    <label>{t('applicant.builder.pi')}<input id={`partner-${i}-pi`} type="number" min="1" value={p.pi_person_id} onInput={(e) => setP(i, { pi_person_id: e.currentTarget.value })} /></label>
                  </div>
                  <div class="w3-row">
                    {signed[i] ? <Pill kind="pass">{t('applicant.builder.signedAt', { date: fmtDate(signed[i], true) })}</Pill>
                      : (status && status !== 'draft' && status !== 'new' && p.organization_id
                        ? <button type="button" id={`partner-${i}-commit`} data-testid={`partner-${i}-commit`} onClick={() => commit(i)}>{t('applicant.builder.recordCommitment')}</button> : null)}
                    <button type="button" id={`partner-${i}-remove`} onClick={() => removePartner(i)}>{t('applicant.builder.remove')}</button>
                  </div>
                </fieldset>
              );
            })}
          </div>
          <div class="w3-row">
            <button type="button" id="add-partner" data-testid="add-partner" onClick={() => addPartner({})}>{t('applicant.builder.addPartner')}</button>
            <button type="submit" id="proposal-save" data-testid="proposal-save" disabled={saving}>{status && status !== 'draft' && status !== 'new' ? t('applicant.builder.saveResubmit') : t('applicant.builder.save')}</button>
            <button type="button" id="proposal-submit" data-testid="proposal-submit" disabled={!pid || saving || status !== 'draft'} onClick={submit}>{t('applicant.builder.submit')}</button>
          </div>
          {saving && <Busy label={t('applicant.builder.saving')} id="proposal-saving" />}
          {note && <p role="status" id="proposal-note" data-testid="proposal-note">{note}</p>}
          <ErrorBox error={error} id="proposal-error" />
        </form>
        <aside>
          <section class="w3-card" id="eligibility" data-testid="eligibility" aria-live="polite">
            <h2>{t('applicant.elig.title')}</h2>
            {!elig && <p>{t('applicant.elig.none')}</p>}
            {elig && (
              <>
                <p id="eligibility-verdict" data-testid="eligibility-verdict" data-verdict={verdict}>
                  <Pill kind={verdict === 'eligible' ? 'pass' : verdict === 'pending' ? 'pending' : 'fail'}>{t(`applicant.elig.${verdict}`)}</Pill>
                  {' '}{t('applicant.elig.version', { v: elig.rule_version || elig.version })}
                </p>
                <ul class="w3-rules" id="eligibility-rules">
                  {elig.rules.map((r, k) => {
                    const kind = r.pass ? 'pass' : r.pending ? 'pending' : 'fail';
                    return (
                      <li key={k} data-testid={`rule-${r.code}`} data-result={kind}>
                        <Pill kind={kind}>{t(`applicant.elig.${kind}`)}</Pill>{' '}
                        <strong>{tEnum('applicant.rule', r.code)}</strong>{r.funder ? ` — ${r.funder}` : ''}
                        <div>{(lang === 'zh' ? r.zh : r.en) || r.en}</div>
                      </li>
                    );
                  })}
                </ul>
              </>
            )}
          </section>
          <section class="w3-card" id="suggestions" data-testid="suggestions">
            <h2>{t('applicant.sugg.title')}</h2>
            <button type="button" id="suggest-partners" data-testid="suggest-partners" disabled={!pid || suggBusy} onClick={suggest}>{t('applicant.sugg.run')}</button>
            {suggBusy && <Busy label={t('applicant.sugg.busy')} />}
            {sugg && (
              <>
                <p>{t('applicant.sugg.summary', { n: sugg.candidates, x: sugg.excluded_competing })}</p>
                {sugg.suggestions.length === 0 && <p>{sugg.eligible ? t('applicant.sugg.eligible') : t('applicant.sugg.none')}</p>}
                <ol id="suggestion-list">
                  {sugg.suggestions.map((s) => (
                    <li key={s.organization_id} data-testid={`suggestion-${s.organization_id}`}>
                      <strong>{s.name}</strong> ({s.country}, {tEnum('applicant.orgtype', s.type)}{s.sme ? ', SME' : ''}){' '}
                      {s.completes ? <Pill kind="pass">{t('applicant.sugg.completes')}</Pill> : <Pill kind="pending">{t('applicant.sugg.fixes', { rules: s.fixes.map((c) => tEnum('applicant.rule', c)).join(', ') })}</Pill>}
                      <div>{t('applicant.sugg.fit', { fit: s.fit })}{s.experts && s.experts.length ? ` · ${s.experts.map((x) => x.name).join(', ')}` : ''}</div>
                      <button type="button" onClick={() => addSuggested(s)} aria-label={t('applicant.sugg.addNamed', { name: s.name })}>{t('applicant.sugg.add')}</button>
                    </li>
                  ))}
                </ol>
              </>
            )}
          </section>
          <section class="w3-card">
            <h2>{t('applicant.builder.funders')}</h2>
            <ul>{call.funders.map((f) => <li key={f.organization_id}>{f.name} ({f.country}): {fmtMoney(f.budget, f.currency)}</li>)}</ul>
          </section>
        </aside>
      </div>
    </div>
  );
}
