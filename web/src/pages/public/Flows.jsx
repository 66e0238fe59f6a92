// Public: fund flows as a Sankey — contributor countries → funds → calls →
// recipient countries, in each fund's reporting currency (commitments in
// other currencies converted with the fund's published rates).
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api } from '../../api.js';
import { t, fmtMoney, currencyExponent, getLang } from '../../i18n.js';
import { Chart, Progress, Problem, Select, Table, Section } from '../../components/index.js';
import { loadCountries, loadFunds, countryName, byCode, convert, localized } from '../../lib/ref.js';
import { apiAll } from '../../api.js';

export function FlowsPage() {
  const lang = getLang();
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  const [cur, setCur] = useState('');
  useEffect(() => {
    let live = true;
    (async () => {
      try {
        const [funds, countries, calls] = await Promise.all([loadFunds(), loadCountries(), apiAll('/calls').catch(() => [])]);
        const details = await Promise.all(funds.map(async (f) => {
          const [d, fl] = await Promise.all([api.get(`/funds/${f.id}`), api.get(`/funds/${f.id}/flows`).catch(() => null)]);
          return { ...d, flows: fl };
        }));
        if (live) setData({ funds: details, countries: byCode(countries), calls: Object.fromEntries(calls.map((c) => [c.id, c])) });
      } catch (e) {
        if (live) setError(e);
      }
    })();
    return () => { live = false; };
  }, []);

  const currencies = data ? [...new Set(data.funds.map((f) => f.position ? f.position.reporting_currency : f.currency))] : [];
  const currency = cur || currencies[0] || 'USD';

  const { option, links } = useMemo(() => {
    if (!data) return { option: null, links: [] };
    const nodes = new Map();
    const linkMap = new Map();
    const node = (id, name, depth) => { if (!nodes.has(id)) nodes.set(id, { name: id, label: name, depth }); };
    const link = (s, tg, v) => {
      if (!v || v <= 0) return;
      const k = `${s}→${tg}`;
      linkMap.set(k, { source: s, target: tg, value: (linkMap.get(k)?.value || 0) + v });
    };
    const cn = (code) => countryName(data.countries[code], code);
    for (const f of data.funds) {
      const rep = f.position ? f.position.reporting_currency : f.currency;
      if (rep !== currency) continue;
      const rates = f.position ? f.position.rates : [];
      const fid = `fund:${f.code}`;
      node(fid, `${f.code}`, 1);
      if (f.flows) {
        for (const c of f.flows.total.countries) {
          if (c.contributed > 0) {
            node(`from:${c.country}`, cn(c.country), 0);
            link(`from:${c.country}`, fid, c.contributed);
          }
        }
      }
      for (const cm of f.commitments || []) {
        const v = convert(cm.committed - (cm.returned || 0), cm.currency, rep, rates, currencyExponent(cm.currency), currencyExponent(rep));
        if (v === null) continue;
        const call = data.calls[cm.call_id];
        const callId = cm.call_id ? `call:${cm.call_id}` : 'call:none';
        node(callId, call ? (call.programme || localized(call.titles, call.title)) : cm.call_id ? `#${cm.call_id}` : t('flows.no_call'), 2);
        link(fid, callId, v);
        if (cm.recipient_country) {
          node(`to:${cm.recipient_country}`, cn(cm.recipient_country), 3);
          link(callId, `to:${cm.recipient_country}`, v);
        }
      }
    }
    const ls = [...linkMap.values()];
    const nn = [...nodes.values()];
    const label = (id) => (nodes.get(id) || {}).label || id;
    return {
      links: ls.map((l) => ({ ...l, from: label(l.source), to: label(l.target) })),
      option: {
        tooltip: {
          trigger: 'item',
          formatter: (p) => p.dataType === 'edge'
            ? `${label(p.data.source)} → ${label(p.data.target)}<br/>${fmtMoney(p.data.value, currency)}`
            : `${label(p.name)}<br/>${fmtMoney(p.value, currency)}`,
        },
        series: [{
          type: 'sankey', left: 10, right: 120, top: 10, bottom: 10, nodeGap: 8, layoutIterations: 32,
          emphasis: { focus: 'adjacency' },
          data: nn.map((n) => ({ name: n.name, depth: n.depth })),
          links: ls,
          label: { formatter: (p) => label(p.name), color: '#1a1f26' },
          lineStyle: { color: 'gradient', opacity: 0.45 },
          levels: [
            { depth: 0, itemStyle: { color: '#0b57a4' } }, { depth: 1, itemStyle: { color: '#8a5300' } },
            { depth: 2, itemStyle: { color: '#1b6e33' } }, { depth: 3, itemStyle: { color: '#6b2fa0' } },
          ],
        }],
      },
    };
  }, [data, currency, lang]);

  return (
    <div data-testid="flows-page">
      <h1>{t('flows.title')}</h1>
      <p class="muted">{t('flows.intro')}</p>
      <Problem error={error} />
      {!data && !error && <Progress label={t('flows.loading')} />}
      {data && (
        <>
          {currencies.length > 1 && (
            <Select id="flows-currency" label={t('flows.currency')} value={currency} onChange={setCur} options={currencies.map((c) => ({ value: c, label: c }))} />
          )}
          <Chart testid="fund-sankey" height={560} option={option} label={t('flows.chart_label')} />
          <Section title={t('flows.table')}>
            <Table testid="flows-table" rowKey={(r) => `${r.source}>${r.target}`} rows={links} initialSort={{ key: 'value', dir: -1 }} pageSize={25}
              columns={[
                { key: 'from', label: t('flows.from') },
                { key: 'to', label: t('flows.to') },
                { key: 'value', label: t('common.amount'), numeric: true, render: (r) => fmtMoney(r.value, currency) },
              ]} />
          </Section>
        </>
      )}
    </div>
  );
}
