// The call's common project start and its common pot (a call_pot fund,
// docs/fund.md) on the secretariat's grants page.
import { useState } from 'preact/hooks';
import { api, apiAll } from '../../api.js';
import { t, fmtMoney } from '../../i18n.js';
import { useAsync, Busy, ErrorBox, Pill, today } from './kit.jsx';

export function ProjectStart({ callId }) {
  const [day, setDay] = useState(today());
  const [err, setErr] = useState(null);
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState('');
  const save = async (e) => {
    e.preventDefault(); setErr(null); setMsg(''); setBusy(true);
    try { await api.put(`/calls/${callId}/project-start`, { project_start: day }); setMsg(t('secretariat.start.saved', { day })); } catch (x) { setErr(x); }
    setBusy(false);
  };
  return (
    <section class="w3-card" id="project-start-panel" data-testid="project-start-panel">
      <h2>{t('secretariat.start.title')}</h2>
      <form class="w3-row" id="project-start-form" onSubmit={save}>
        <label>{t('secretariat.start.date')} <input id="project-start" type="date" required value={day} onInput={(e) => setDay(e.currentTarget.value)} /></label>
        <button type="submit" id="project-start-save" disabled={busy}>{t('secretariat.start.save')}</button>
      </form>
      <ErrorBox error={err} id="project-start-error" />
      {msg && <p role="status" class="w3-ok" id="project-start-saved">{msg}</p>}
    </section>
  );
}

export function CommonPot({ callId, call }) {
  const pot = useAsync(async () => {
    const f = (await apiAll('/funds')).find((x) => x.kind === 'call_pot' && Number(x.call_id) === callId);
    return f ? await api.get(`/funds/${f.id}`) : null;
  }, [callId]);
  const funders = (call && call.funders) || [];
  const cur0 = funders.length ? funders[0].currency : 'EUR';
  const [form, setForm] = useState({ code: `POT-${callId}`, name: '', currency: '' });
  const [err, setErr] = useState(null);
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState('');
  const create = async (e) => {
    e.preventDefault(); setErr(null); setMsg(''); setBusy(true);
    try {
      await api.post('/funds', { code: form.code.trim(), name: form.name.trim() || t('secretariat.pot.defaultName', { id: callId }), currency: form.currency || cur0, kind: 'call_pot', call_id: callId });
      setMsg(t('secretariat.pot.created')); pot.reload();
    } catch (x) { setErr(x); }
    setBusy(false);
  };
  const contribute = async (f) => {
    setErr(null); setMsg(''); setBusy(true);
    const day = today();
    try {
      let c = (pot.data.contributions || []).find((x) => x.org_id === f.organization_id && x.status !== 'cancelled');
      if (!c) c = await api.post(`/funds/${pot.data.id}/contributions`, { org_id: f.organization_id, currency: f.currency, amount: f.budget, date: day });
      if (!c.signed) c = await api.post(`/contributions/${c.id}/sign`, { amount: c.pledged || f.budget, date: day, instrument: 'cash' }) || c;
      const signed = c.signed || f.budget;
      if ((c.received || 0) < signed) await api.post(`/contributions/${c.id}/receive`, { amount: signed - (c.received || 0), date: day });
      setMsg(t('secretariat.pot.received', { name: f.name })); pot.reload();
    } catch (x) { setErr(x); pot.reload(); }
    setBusy(false);
  };
  const p = pot.data;
  return (
    <section class="w3-card" id="common-pot" data-testid="common-pot">
      <h2>{t('secretariat.pot.title')}</h2>
      {pot.loading && <Busy />}
      <ErrorBox error={pot.error} />
      {!pot.loading && !pot.error && !p && (
        <form class="w3-row" id="pot-create-form" onSubmit={create}>
          <label>{t('secretariat.pot.code')} <input id="pot-code" type="text" required pattern={'[A-Z0-9\\-]{1,20}'} value={form.code} onInput={(e) => setForm({ ...form, code: e.currentTarget.value.toUpperCase() })} /></label>
          <label>{t('secretariat.pot.name')} <input id="pot-name" type="text" value={form.name} onInput={(e) => setForm({ ...form, name: e.currentTarget.value })} /></label>
          <label>{t('secretariat.pot.currency')} <input id="pot-currency" type="text" pattern="[A-Z]{3}" maxLength={3} value={form.currency || cur0} onInput={(e) => setForm({ ...form, currency: e.currentTarget.value.toUpperCase() })} /></label>
          <button type="submit" id="pot-create" disabled={busy}>{t('secretariat.pot.create')}</button>
        </form>
      )}
      {p && (
        <>
          <p id="pot-fund">{t('secretariat.pot.fund', { code: p.code, name: p.name, currency: p.currency })}</p>
          <table class="w3-table" id="pot-funders">
            <thead><tr><th>{t('secretariat.pot.funder')}</th><th class="num">{t('secretariat.pot.budget')}</th><th class="num">{t('secretariat.pot.pledged')}</th><th class="num">{t('secretariat.pot.signed')}</th><th class="num">{t('secretariat.pot.receivedCol')}</th><th>{t('secretariat.pot.action')}</th></tr></thead>
            <tbody>{funders.map((f) => {
              const c = (p.contributions || []).find((x) => x.org_id === f.organization_id && x.status !== 'cancelled');
              const done = c && c.signed > 0 && c.received >= c.signed;
              const other = f.currency !== p.currency;
              return (
                <tr key={f.organization_id} data-testid={`pot-funder-${f.organization_id}`}>
                  <td>{f.name} ({f.country})</td>
                  <td class="num">{fmtMoney(f.budget, f.currency)}</td>
                  <td class="num">{c ? fmtMoney(c.pledged, c.currency) : '—'}</td>
                  <td class="num">{c ? fmtMoney(c.signed, c.currency) : '—'}</td>
                  <td class="num">{c ? fmtMoney(c.received, c.currency) : '—'}</td>
                  <td>{done ? <Pill kind="pass">{t('secretariat.pot.done')}</Pill>
                    : other ? <Pill kind="fail">{t('secretariat.pot.otherCurrency')}</Pill>
                    : <button type="button" id={`pot-pay-${f.organization_id}`} disabled={busy || !f.budget} onClick={() => contribute(f)}>{t('secretariat.pot.pay', { name: f.name })}</button>}</td>
                </tr>);
            })}</tbody>
          </table>
        </>
      )}
      {busy && <Busy />}
      <ErrorBox error={err} id="pot-error" />
      {msg && <p role="status" class="w3-ok" id="pot-msg">{msg}</p>}
    </section>
  );
}
