// Exchange: platforms (composition check), events (timetable, registration,
// brokerage schedule), partner search, market offers and requests.
import { useState } from 'preact/hooks';
import { api, apiAll, download } from '../../api.js';
import { t, tEnum, fmtDate, fmtDateTime, fmtNumber, getLang } from '../../i18n.js';
import { useApi, Loaded, Section, Table, Field, Select, Button, Problem, useAction, Badge } from '../../components/index.js';
import { Link, setQuery } from '../../router.jsx';
import { localized } from '../../lib/ref.js';

function Composition({ id }) {
  const s = useApi(() => api.get(`/platforms/${id}/composition`), [id]);
  const lang = getLang();
  return (
    <Loaded state={s}>
      {(c) => (
        <ul data-testid="platform-composition">
          {c.rules.map((r) => (
            <li key={r.code}><Badge tone={r.pass ? 'ok' : 'danger'}>{r.pass ? t('exchange.pass') : t('exchange.fail')}</Badge> {r[lang] || r.en}</li>
          ))}
        </ul>
      )}
    </Loaded>
  );
}

export function PlatformsPage() {
  const s = useApi(() => apiAll('/platforms'), []);
  const [open, setOpen] = useState(null);
  return (
    <div data-testid="platforms-page">
      <h1>{t('exchange.platforms')}</h1>
      <Loaded state={s}>
        {(items) => items.map((p) => (
          <Section key={p.id} title={`${p.code} — ${localized(p.names, p.name)}`}>
            <p>{tEnum('platform_kind', p.kind)} · {t('exchange.members_n', { n: p.members, c: p.countries })} · <Badge tone={p.passes ? 'ok' : 'danger'}>{p.passes ? t('exchange.composition_ok') : t('exchange.composition_bad')}</Badge></p>
            <button type="button" class="btn btn-secondary small" aria-expanded={open === p.id ? 'true' : 'false'} onClick={() => setOpen(open === p.id ? null : p.id)}>{t('exchange.check')}</button>
            {open === p.id && <Composition id={p.id} />}
          </Section>
        ))}
      </Loaded>
    </div>
  );
}

export function EventsPage() {
  const s = useApi(() => api.get('/events'), []);
  return (
    <div data-testid="events-page">
      <h1>{t('exchange.events')}</h1>
      <Loaded state={s}>
        {(r) => (
          <Table testid="events-table" rows={r.items} columns={[
            { key: 'title', label: t('exchange.event'), render: (e) => <Link href={`/exchange/events/${e.id}`}>{e.title}</Link> },
            { key: 'kind', label: t('exchange.kind'), render: (e) => tEnum('event_kind', e.kind) },
            { key: 'starts_on', label: t('common.date'), render: (e) => `${fmtDate(e.starts_on)} – ${fmtDate(e.ends_on)}` },
            { key: 'place', label: t('exchange.place'), render: (e) => `${e.place || ''}${e.online ? ` · ${t('exchange.online')}` : ''}` },
            { key: 'status', label: t('common.status'), render: (e) => tEnum('event_status', e.status) },
          ]} />
        )}
      </Loaded>
    </div>
  );
}

export function EventPage({ params, account }) {
  const id = params.id;
  const ev = useApi(() => api.get(`/events/${id}`), [id]);
  const tt = useApi(() => api.get(`/events/${id}/timetable`), [id]);
  const canReg = account && ['applicant', 'reviewer'].includes(account.role);
  const meetings = useApi(() => (account && ['applicant', 'reviewer', 'secretariat', 'observer'].includes(account.role) ? api.get(`/events/${id}/meetings`) : Promise.resolve(null)), [id]);
  const [reg, rst] = useAction(async () => { const r = await api.post(`/events/${id}/registrations`, {}); ev.reload(); return r; });
  const [done, setDone] = useState(null);
  const [ical, ist] = useAction(async () => download(`/events/${id}/ical`, null, `event-${id}.ics`));
  return (
    <div data-testid="event-page">
      <p><Link href="/exchange/events">← {t('exchange.events')}</Link></p>
      <Loaded state={ev}>
        {(e) => (
          <>
            <h1>{e.title}</h1>
            <Section>
              <p>{e.description}</p>
              <dl class="kv">
                <dt>{t('common.date')}</dt><dd>{fmtDate(e.starts_on)} – {fmtDate(e.ends_on)}</dd>
                <dt>{t('exchange.place')}</dt><dd>{e.place}{e.online ? ` · ${t('exchange.online')}` : ''}</dd>
                <dt>{t('exchange.capacity')}</dt><dd>{fmtNumber(e.capacity)}</dd>
                <dt>{t('exchange.closes')}</dt><dd>{fmtDateTime(e.registration_closes)}</dd>
                {e.registrations && <><dt>{t('exchange.registered')}</dt><dd>{Object.entries(e.registrations).map(([k, v]) => `${tEnum('reg_status', k)}: ${fmtNumber(v)}`).join(' · ')}</dd></>}
              </dl>
              <div class="row">
                {canReg && <Button id="register-submit" busy={rst.busy} onClick={async () => { const r = await reg(); if (r) setDone(r); }}>{t('exchange.register')}</Button>}
                <Button variant="secondary" busy={ist.busy} onClick={ical}>{t('exchange.ical')}</Button>
              </div>
              {done && <p class="notice" data-testid="registration-done">{t('exchange.registered_as', { status: tEnum('reg_status', done.status) })}</p>}
              <Problem error={rst.error || ist.error} />
            </Section>
            <Section title={t('exchange.timetable')} testid="event-timetable">
              <Loaded state={tt}>
                {(x) => (
                  <Table rows={x.sessions || []} initialSort={{ key: 'starts_at', dir: 1 }} columns={[
                    { key: 'starts_at', label: t('exchange.time'), render: (s) => `${fmtDateTime(s.starts_at)} – ${new Date(s.ends_at).toLocaleTimeString(getLang() === 'zh' ? 'zh-CN' : 'en-GB', { hour: '2-digit', minute: '2-digit' })}` },
                    { key: 'title', label: t('exchange.session') },
                    { key: 'kind', label: t('exchange.kind'), render: (s) => tEnum('session_kind', s.kind) },
                    { key: 'room', label: t('exchange.room') },
                    { key: 'speaker', label: t('exchange.speaker') },
                  ]} />
                )}
              </Loaded>
            </Section>
            {meetings.data && (
              <Section title={t('exchange.brokerage')} testid="brokerage-schedule">
                <Table rows={meetings.data.items || []} columns={[
                  { key: 'starts_at', label: t('exchange.time'), render: (m) => fmtDateTime(m.starts_at || m.slot_start) },
                  { key: 'with', label: t('exchange.with'), render: (m) => m.with || m.other || [m.requester, m.invitee].filter(Boolean).map((p) => (typeof p === 'object' ? p.name : p)).join(' ↔ ') },
                  { key: 'table', label: t('exchange.table'), render: (m) => m.table ?? m.room ?? '' },
                  { key: 'status', label: t('common.status'), render: (m) => tEnum('meeting_status', m.status) },
                ]} />
              </Section>
            )}
          </>
        )}
      </Loaded>
    </div>
  );
}

export function SearchPage({ query }) {
  const [q, setQ] = useState(query.q || '');
  const [country, setCountry] = useState(query.country || '');
  const [kind, setKind] = useState(query.kind || '');
  const [sme, setSme] = useState(query.sme || '');
  const [res, setRes] = useState(null);
  const [run, st] = useAction(async () => {
    setQuery({ q, country, kind, sme });
    const params = { q, country: country.toUpperCase(), kind, sme, limit: 50 };
    setRes(await api.get('/search', params));
  });
  return (
    <div data-testid="search-page">
      <h1>{t('exchange.search')}</h1>
      <Section>
        <form class="row" role="search" onSubmit={(e) => { e.preventDefault(); run(); }}>
          <Field id="search-q" type="search" label={t('exchange.keywords')} required value={q} onInput={(e) => setQ(e.currentTarget.value)} />
          <Field id="search-country" label={t('exchange.country_code')} maxLength={2} value={country} onInput={(e) => setCountry(e.currentTarget.value)} />
          <Select id="search-kind" label={t('exchange.kind')} value={kind} onChange={setKind} empty={t('common.all')}
            options={['organization', 'person', 'market', 'platform'].map((k) => ({ value: k, label: tEnum('search_kind', k) }))} />
          <Select id="search-sme" label="SME" value={sme} onChange={setSme} empty={t('common.all')} options={[{ value: 'true', label: t('common.yes') }, { value: 'false', label: t('common.no') }]} />
          <Button type="submit" id="search-submit" busy={st.busy}>{t('common.search')}</Button>
        </form>
        <Problem error={st.error} />
      </Section>
      {res && (
        <Table testid="search-results" rowKey={(r) => `${r.kind}:${r.id}`} rows={res.items} columns={[
          { key: 'title', label: t('common.name') },
          { key: 'kind', label: t('exchange.kind'), render: (r) => tEnum('search_kind', r.kind) },
          { key: 'summary', label: t('exchange.summary') },
          { key: 'country', label: t('common.country') },
          { key: 'score', label: t('exchange.score'), numeric: true, render: (r) => fmtNumber(r.score, { maximumFractionDigits: 2 }) },
        ]} />
      )}
    </div>
  );
}

export function MarketPage() {
  const s = useApi(() => apiAll('/market'), []);
  const [kind, setKind] = useState('');
  return (
    <div data-testid="market-page">
      <h1>{t('exchange.market')}</h1>
      <Loaded state={s}>
        {(items) => {
          const kinds = [...new Set(items.map((i) => i.kind))];
          return (
            <>
              <Select id="market-kind" label={t('exchange.kind')} value={kind} onChange={setKind} empty={t('common.all')} options={kinds.map((k) => ({ value: k, label: tEnum('market_kind', k) }))} />
              <Table testid="market-table" rows={items.filter((i) => !kind || i.kind === kind)} columns={[
                { key: 'title', label: t('exchange.item') },
                { key: 'kind', label: t('exchange.kind'), render: (i) => tEnum('market_kind', i.kind) },
                { key: 'organization', label: t('exchange.organization'), render: (i) => `${i.organization || ''} (${i.country || ''})` },
                { key: 'keywords', label: t('exchange.keywords'), render: (i) => (i.keywords || []).join(', '), sortable: false },
                { key: 'expires_on', label: t('exchange.expires'), render: (i) => fmtDate(i.expires_on) },
                { key: 'status', label: t('common.status'), render: (i) => tEnum('market_status', i.status) },
              ]} />
            </>
          );
        }}
      </Loaded>
    </div>
  );
}
