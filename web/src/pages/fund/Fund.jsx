// Funds: position, the pipeline from pledge to disbursement per contributor,
// the secretariat's steps (pledge, sign, receive, cancel, commit, disburse),
// statements and exports.
import { useState } from 'preact/hooks';
import { api, apiAll, download } from '../../api.js';
import { t, fmtMoney, fmtDate, tEnum, parseMoney, toMajor } from '../../i18n.js';
import { useApi, Loaded, Section, Table, Field, Select, Button, Problem, useAction, Badge, Chart } from '../../components/index.js';
import { Link } from '../../router.jsx';

const today = () => new Date().toISOString().slice(0, 10);
const STAGES = ['pledged', 'signed', 'received', 'committed', 'disbursed'];
const COLORS = { pledged: '#b7d4ee', signed: '#4f9bd9', received: '#0b57a4', committed: '#8a5300', disbursed: '#1b6e33' };

export function FundsPage() {
  const s = useApi(() => apiAll('/funds'), []);
  return (
    <div data-testid="fund-list">
      <h1>{t('fund.funds')}</h1>
      <Loaded state={s}>
        {(items) => (
          <Table testid="funds-table" rows={items} columns={[
            { key: 'code', label: t('fund.code'), render: (f) => <Link href={`/fund/${f.id}`}>{f.code}</Link> },
            { key: 'name', label: t('common.name') },
            { key: 'kind', label: t('fund.kind'), render: (f) => tEnum('fund_kind', f.kind) },
            { key: 'pledged', label: t('fund.stage.pledged'), numeric: true, render: (f) => f.position && fmtMoney(f.position.total.pledged, f.position.total.currency), sort: (f) => f.position && f.position.total.pledged },
            { key: 'received', label: t('fund.stage.received'), numeric: true, render: (f) => f.position && fmtMoney(f.position.total.received, f.position.total.currency), sort: (f) => f.position && f.position.total.received },
            { key: 'committed', label: t('fund.stage.committed'), numeric: true, render: (f) => f.position && fmtMoney(f.position.total.committed, f.position.total.currency), sort: (f) => f.position && f.position.total.committed },
            { key: 'disbursed', label: t('fund.stage.disbursed'), numeric: true, render: (f) => f.position && fmtMoney(f.position.total.disbursed, f.position.total.currency), sort: (f) => f.position && f.position.total.disbursed },
          ]} />
        )}
      </Loaded>
    </div>
  );
}

function Pipeline({ c }) {
  const max = Math.max(c.pledged, c.signed, 1);
  return (
    <div class="pipeline" role="img" aria-label={STAGES.slice(0, 3).map((k) => `${t(`fund.stage.${k}`)} ${fmtMoney(c[k] || 0, c.currency)}`).join(', ')}>
      <span style={{ width: `${(100 * c.received) / max}%`, background: COLORS.received }} />
      <span style={{ width: `${(100 * Math.max(0, c.signed - c.received)) / max}%`, background: COLORS.signed }} />
      <span style={{ width: `${(100 * Math.max(0, c.pledged - c.signed)) / max}%`, background: COLORS.pledged }} />
    </div>
  );
}

function MoneyForm({ idp, currency, fields = [], submitLabel, onSubmit, defaults = {} }) {
  const [amount, setAmount] = useState(defaults.amount || '');
  const [date, setDate] = useState(today());
  const [extra, setExtra] = useState(defaults);
  const [run, st] = useAction(async () => {
    const minor = parseMoney(amount, currency);
    if (minor === null || minor <= 0) throw Object.assign(new Error(t('fund.bad_amount')), { pointer: '/amount' });
    await onSubmit({ amount: minor, date, ...Object.fromEntries(fields.map((f) => [f.key, extra[f.key]]).filter(([, v]) => v !== undefined && v !== '')) });
    setAmount('');
  });
  return (
    <form class="row" onSubmit={(e) => { e.preventDefault(); run(); }}>
      <Field id={`${idp}-amount`} label={`${t('common.amount')} (${currency})`} inputMode="decimal" required value={amount} onInput={(e) => setAmount(e.currentTarget.value)} />
      <Field id={`${idp}-date`} label={t('common.date')} type="date" required value={date} onInput={(e) => setDate(e.currentTarget.value)} />
      {fields.map((f) => (f.options
        ? <Select key={f.key} id={`${idp}-${f.key}`} label={f.label} value={extra[f.key]} onChange={(v) => setExtra({ ...extra, [f.key]: v })} options={f.options} />
        : <Field key={f.key} id={`${idp}-${f.key}`} label={f.label} value={extra[f.key] || ''} onInput={(e) => setExtra({ ...extra, [f.key]: e.currentTarget.value })} />))}
      <Button type="submit" id={`${idp}-submit`} busy={st.busy}>{submitLabel}</Button>
      <Problem error={st.error} />
    </form>
  );
}

function ContributionActions({ c, reload }) {
  const [open, setOpen] = useState(null);
  const step = (path) => async (body) => { await api.post(`/contributions/${c.id}/${path}`, body); setOpen(null); reload(); };
  const [cancel, cst] = useAction(async () => { await api.post(`/contributions/${c.id}/cancel`, { date: today() }); reload(); });
  return (
    <div>
      <div class="row">
        {c.status === 'pledged' && <button type="button" class="btn btn-secondary small" id={`sign-${c.id}`} onClick={() => setOpen('sign')}>{t('fund.sign')}</button>}
        {c.status === 'pledged' && <Button variant="danger" class="small" busy={cst.busy} onClick={cancel}>{t('fund.cancel')}</Button>}
        {c.status === 'signed' && <button type="button" class="btn btn-secondary small" id={`receive-${c.id}`} onClick={() => setOpen('receive')}>{t('fund.receive')}</button>}
        {c.status === 'signed' && c.instrument === 'promissory_note' && <button type="button" class="btn btn-secondary small" onClick={() => setOpen('encash')}>{t('fund.encash')}</button>}
      </div>
      <Problem error={cst.error} />
      {open === 'sign' && <MoneyForm idp={`sign-${c.id}`} currency={c.currency} submitLabel={t('fund.sign')} onSubmit={step('sign')}
        defaults={{ instrument: 'cash', amount: String(toMajor(c.pledged, c.currency)) }}
        fields={[{ key: 'instrument', label: t('fund.instrument'), options: [{ value: 'cash', label: t('fund.cash') }, { value: 'promissory_note', label: t('fund.note') }] }]} />}
      {open === 'receive' && <MoneyForm idp={`receive-${c.id}`} currency={c.currency} submitLabel={t('fund.receive')} onSubmit={step('receive')} />}
      {open === 'encash' && <MoneyForm idp={`encash-${c.id}`} currency={c.currency} submitLabel={t('fund.encash')} onSubmit={step('encash')} />}
    </div>
  );
}

function Statement({ fund, orgs }) {
  const [org, setOrg] = useState('');
  const s = useApi(() => (org ? api.get(`/funds/${fund.id}/statement`, { org_id: org }) : Promise.resolve(null)), [org]);
  return (
    <Section title={t('fund.statement')} testid="fund-statement">
      <Select id="statement-org" label={t('fund.contributor')} value={org} onChange={setOrg} empty={t('fund.choose')} options={orgs} />
      {org && (
        <Loaded state={s}>
          {(st) => st && (
            <Table testid="statement-table" rowKey="transfer_id" rows={st.entries} columns={[
              { key: 'date', label: t('common.date'), render: (e) => fmtDate(e.date) },
              { key: 'kind', label: t('fund.step'), render: (e) => tEnum('fund.kinds', e.kind) },
              { key: 'amount', label: t('common.amount'), numeric: true, render: (e) => fmtMoney(e.amount, e.currency), sort: (e) => e.amount },
              { key: 'pledged_to_date', label: t('fund.pledged_to_date'), numeric: true, render: (e) => fmtMoney(e.pledged_to_date, e.currency) },
              { key: 'signed_to_date', label: t('fund.signed_to_date'), numeric: true, render: (e) => fmtMoney(e.signed_to_date, e.currency) },
              { key: 'paid_to_date', label: t('fund.paid_to_date'), numeric: true, render: (e) => fmtMoney(e.paid_to_date, e.currency) },
              { key: 'note', label: t('fund.note_col') },
            ]} />
          )}
        </Loaded>
      )}
    </Section>
  );
}

function Exports({ fund }) {
  const [run, st] = useAction(async (q) => { await download(`/funds/${fund.id}/export`, q, `fund-${fund.id}`); });
  const items = [
    { q: { format: 'xlsx' }, label: t('fund.export_xlsx') },
    { q: { format: 'csv', tab: 'position' }, label: 'CSV: position' },
    { q: { format: 'csv', tab: 'contributions' }, label: 'CSV: contributions' },
    { q: { format: 'csv', tab: 'commitments' }, label: 'CSV: commitments' },
    { q: { format: 'csv', tab: 'transactions' }, label: 'CSV: transactions' },
    { q: { format: 'iati' }, label: 'IATI activities (XML)' },
    { q: { format: 'iati-org' }, label: 'IATI organisation (XML)' },
    { q: { format: '360giving' }, label: '360Giving (JSON)' },
  ];
  return (
    <Section title={t('fund.exports')} testid="fund-exports">
      <ul class="row" style={{ listStyle: 'none', padding: 0 }}>
        {items.map((it) => (
          <li key={it.label}><Button variant="secondary" busy={st.busy} onClick={() => run(it.q)}>{t('common.download')} {it.label}</Button></li>
        ))}
      </ul>
      <Problem error={st.error} />
    </Section>
  );
}

export function FundPage({ params, account }) {
  const s = useApi(() => api.get(`/funds/${params.id}`), [params.id]);
  const role = account && account.role;
  const sec = role === 'secretariat';
  const orgs = useApi(() => (sec ? apiAll('/organizations') : Promise.resolve([])), [sec]);
  return (
    <div data-testid="fund-page">
      <p><Link href="/fund">← {t('fund.funds')}</Link></p>
      <Loaded state={s}>
        {(f) => {
          const pos = f.position;
          const contribs = f.contributions || [];
          const orgOpts = [...new Map(contribs.map((c) => [c.org_id, { value: String(c.org_id), label: `${c.org_name} (${c.country})` }])).values()];
          const chart = pos && {
            tooltip: { trigger: 'axis' }, legend: { top: 0 },
            grid: { left: 60, right: 20, top: 40, bottom: 30 },
            xAxis: { type: 'category', data: STAGES.map((k) => t(`fund.stage.${k}`)) },
            yAxis: { type: 'value', axisLabel: { formatter: (v) => fmtMoney(v, pos.total.currency, { compact: true }) } },
            series: [{ type: 'bar', name: pos.total.currency, data: STAGES.map((k) => ({ value: pos.total[k], itemStyle: { color: COLORS[k] } })),
              tooltip: { valueFormatter: (v) => fmtMoney(v, pos.total.currency) } }],
          };
          return (
            <>
              <h1>{f.code} — {f.name}</h1>
              {pos && (
                <Section title={t('fund.position', { day: fmtDate(pos.day) })} testid="fund-position">
                  <Chart testid="fund-pipeline-chart" height={280} option={chart} label={t('fund.pipeline')} />
                  <Table testid="position-table" rowKey="currency" rows={pos.by_currency} columns={[
                    { key: 'currency', label: t('fund.currency') },
                    ...['pledged', 'signed', 'received', 'notes', 'available', 'committed', 'outstanding', 'disbursed', 'returned'].map((k) => ({
                      key: k, label: t(`fund.stage.${k}`), numeric: true, render: (r) => fmtMoney(r[k], r.currency),
                    })),
                  ]} />
                  {pos.commitment_authority && (
                    <p>{t('fund.gate', { gate: pos.commitment_authority.gate_percent, signed: pos.commitment_authority.signed_percent })}{' '}
                      <Badge tone={pos.commitment_authority.reached ? 'ok' : 'warn'}>{pos.commitment_authority.reached ? t('fund.gate_reached') : t('fund.gate_not')}</Badge></p>
                  )}
                </Section>
              )}
              {(contribs.length > 0 || sec) && (
                <Section title={t('fund.pipeline')} testid="fund-pipeline">
                  <Table testid="contributions-table" rows={contribs} columns={[
                    { key: 'org_name', label: t('fund.contributor'), render: (c) => <span data-testid="contribution-row">{c.org_name} ({c.country})</span> },
                    { key: 'reference', label: t('fund.reference') },
                    { key: 'status', label: t('common.status'), render: (c) => <Badge tone={c.status === 'paid' ? 'ok' : c.status === 'cancelled' ? 'neutral' : 'info'}>{tEnum('fund.cstatus', c.status)}</Badge> },
                    { key: 'pledged', label: t('fund.stage.pledged'), numeric: true, render: (c) => fmtMoney(c.pledged, c.currency) },
                    { key: 'signed', label: t('fund.stage.signed'), numeric: true, render: (c) => fmtMoney(c.signed, c.currency) },
                    { key: 'received', label: t('fund.stage.received'), numeric: true, render: (c) => fmtMoney(c.received, c.currency) },
                    { key: 'bar', label: t('fund.progress'), sortable: false, render: (c) => <Pipeline c={c} /> },
                    ...(sec ? [{ key: 'act', label: t('fund.actions'), sortable: false, render: (c) => <ContributionActions c={c} reload={s.reload} /> }] : []),
                  ]} />
                  {sec && (
                    <Loaded state={orgs}>
                      {(os) => (
                        <Section title={t('fund.pledge')} testid="pledge-form">
                          <MoneyForm idp="pledge" currency={f.currency} submitLabel={t('fund.pledge')}
                            onSubmit={async (b) => { await api.post(`/funds/${f.id}/contributions`, { ...b, org_id: Number(b.org_id), currency: f.currency }); s.reload(); }}
                            fields={[
                              { key: 'org_id', label: t('fund.contributor'), options: [{ value: '', label: t('fund.choose') }, ...os.filter((o) => ['funder', 'government', 'funding_agency', 'ministry'].includes(o.type) || true).map((o) => ({ value: String(o.id), label: `${o.name || (o.names && Object.values(o.names)[0])} (${o.country})` }))] },
                              { key: 'reference', label: t('fund.reference') },
                            ]} />
                        </Section>
                      )}
                    </Loaded>
                  )}
                </Section>
              )}
              <Section title={t('fund.commitments')} testid="fund-commitments">
                <Table testid="commitments-table" rows={f.commitments || []} pageSize={20} columns={[
                  { key: 'title', label: t('fund.title') },
                  { key: 'recipient_name', label: t('fund.recipient'), render: (c) => `${c.recipient_name || ''}${c.recipient_country ? ` (${c.recipient_country})` : ''}` },
                  { key: 'committed_on', label: t('common.date'), render: (c) => fmtDate(c.committed_on) },
                  { key: 'committed', label: t('fund.stage.committed'), numeric: true, render: (c) => fmtMoney(c.committed, c.currency) },
                  { key: 'disbursed', label: t('fund.stage.disbursed'), numeric: true, render: (c) => fmtMoney(c.disbursed, c.currency) },
                  { key: 'outstanding', label: t('fund.stage.outstanding'), numeric: true, render: (c) => fmtMoney(c.outstanding, c.currency) },
                  { key: 'status', label: t('common.status'), render: (c) => tEnum('fund.mstatus', c.status) },
                  ...(sec ? [{ key: 'act', label: t('fund.actions'), sortable: false, render: (c) => (c.status === 'committed' && c.outstanding > 0
                    ? <MoneyForm idp={`disburse-${c.id}`} currency={c.currency} submitLabel={t('fund.disburse')} onSubmit={async (b) => { await api.post(`/commitments/${c.id}/disburse`, b); s.reload(); }} />
                    : null) }] : []),
                ]} />
                {sec && (
                  <Section title={t('fund.commit')} testid="commit-form">
                    <MoneyForm idp="commit" currency={f.currency} submitLabel={t('fund.commit')}
                      onSubmit={async (b) => { await api.post(`/funds/${f.id}/commitments`, { ...b, currency: f.currency, ...(b.recipient_org_id ? { recipient_org_id: Number(b.recipient_org_id) } : {}), ...(b.call_id ? { call_id: Number(b.call_id) } : {}) }); s.reload(); }}
                      fields={[{ key: 'title', label: t('fund.title') }, { key: 'recipient_org_id', label: t('fund.recipient_id') }, { key: 'call_id', label: t('fund.call_id') }]} />
                  </Section>
                )}
              </Section>
              {(sec || role === 'observer' || role === 'funder') && <Statement fund={f} orgs={orgOpts} />}
              {(sec || role === 'observer' || role === 'funder') && <Exports fund={f} />}
            </>
          );
        }}
      </Loaded>
    </div>
  );
}
