// Public: world map of member countries, shaded by membership status or by
// the funding a country's organisations received from / contributed to a
// fund (GET /funds/{id}/flows). world-atlas uses numeric ISO 3166 codes;
// GET /countries gives each country's numeric code.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { feature } from 'topojson-client';
import { api } from '../../api.js';
import { t, fmtMoney, getLang, tEnum } from '../../i18n.js';
import { Chart, registerMap, Select, Progress, Problem, Table, Section } from '../../components/index.js';
import { loadCountries, loadFunds, countryName } from '../../lib/ref.js';

let mapP = null;
function loadWorld(countries) {
  if (!mapP) {
    mapP = import('world-atlas/countries-110m.json').then((m) => {
      const topo = m.default || m;
      const geo = feature(topo, topo.objects.countries);
      const byNum = {};
      for (const c of countries) byNum[c.numeric] = c.code;
      for (const f of geo.features) {
        const code = byNum[Number(f.id)];
        f.properties = { ...f.properties, name: code || `N${f.id}` };
      }
      registerMap('world', geo);
      return geo;
    });
  }
  return mapP;
}

const STATUS_VALUE = { member: 3, partner: 2, observer: 1 };

export function MapPage() {
  const lang = getLang();
  const [state, setState] = useState({ loading: true });
  const [metric, setMetric] = useState('membership');
  const [flows, setFlows] = useState({});
  useEffect(() => {
    let live = true;
    (async () => {
      try {
        const [countries, funds] = await Promise.all([loadCountries(), loadFunds()]);
        await loadWorld(countries);
        if (live) setState({ countries, funds });
      } catch (e) {
        if (live) setState({ error: e });
      }
    })();
    return () => { live = false; };
  }, []);

  const [kind, fundId] = metric.split(':');
  useEffect(() => {
    if (!fundId || flows[fundId]) return;
    api.get(`/funds/${fundId}/flows`).then((f) => setFlows((x) => ({ ...x, [fundId]: f }))).catch((e) => setState((s) => ({ ...s, error: e })));
  }, [fundId]);

  const { countries, funds } = state;
  const cmap = useMemo(() => Object.fromEntries((countries || []).map((c) => [c.code, c])), [countries]);
  const flow = fundId && flows[fundId];
  const rows = useMemo(() => {
    if (!countries) return [];
    if (kind === 'membership') {
      return countries.filter((c) => c.membership).map((c) => ({ code: c.code, value: STATUS_VALUE[c.membership.status] || 0, label: tEnum('membership', c.membership.status), sortv: STATUS_VALUE[c.membership.status] || 0 }));
    }
    if (!flow) return [];
    return flow.total.countries.map((c) => ({ code: c.country, value: c[kind] || 0, label: fmtMoney(c[kind] || 0, flow.reporting_currency), sortv: c[kind] || 0 }));
  }, [countries, kind, flow]);

  const option = useMemo(() => {
    if (!countries) return null;
    const max = Math.max(1, ...rows.map((r) => r.value));
    const membership = kind === 'membership';
    return {
      tooltip: {
        trigger: 'item',
        formatter: (p) => {
          const c = cmap[p.name];
          if (!c) return '';
          const r = rows.find((x) => x.code === p.name);
          return `${countryName(c)}<br/>${r ? r.label : t('map.no_data')}`;
        },
      },
      visualMap: membership
        ? { type: 'piecewise', left: 'left', bottom: 10, pieces: [
            { value: 3, label: tEnum('membership', 'member'), color: '#0b57a4' },
            { value: 2, label: tEnum('membership', 'partner'), color: '#4f9bd9' },
            { value: 1, label: tEnum('membership', 'observer'), color: '#b7d4ee' }] }
        : { type: 'continuous', min: 0, max, left: 'left', bottom: 10, calculable: true, text: [t('map.high'), t('map.low')], inRange: { color: ['#dcebf7', '#0b57a4', '#08305c'] },
            formatter: (v) => fmtMoney(Math.round(v), flow ? flow.reporting_currency : 'USD', { compact: true }) },
      series: [{
        type: 'map', map: 'world', roam: true, name: t(`map.metric_${kind}`),
        emphasis: { label: { show: false }, itemStyle: { areaColor: '#f2a900' } },
        itemStyle: { areaColor: '#eceff3', borderColor: '#8a94a3', borderWidth: 0.5 },
        data: rows.map((r) => ({ name: r.code, value: r.value })),
      }],
    };
  }, [countries, rows, kind, lang]);

  const metricOptions = [{ value: 'membership', label: t('map.metric_membership') }];
  for (const f of funds || []) {
    metricOptions.push({ value: `received:${f.id}`, label: t('map.received_from', { fund: f.code }) });
    metricOptions.push({ value: `contributed:${f.id}`, label: t('map.contributed_to', { fund: f.code }) });
  }
  return (
    <div data-testid="map-page">
      <h1>{t('map.title')}</h1>
      <Problem error={state.error} />
      {state.loading && <Progress label={t('map.loading')} />}
      {countries && (
        <>
          <Select id="map-metric" label={t('map.metric')} value={metric} onChange={setMetric} options={metricOptions} />
          {fundId && !flow && <Progress />}
          <Chart testid="world-map" height={480} option={option} label={t('map.chart_label', { metric: t(`map.metric_${kind}`) })} />
          <Section title={t('map.table')}>
            <Table testid="map-table" rowKey="code" rows={rows} initialSort={{ key: 'value', dir: -1 }} pageSize={30}
              columns={[
                { key: 'code', label: t('common.country'), render: (r) => `${countryName(cmap[r.code], r.code)} (${r.code})`, sort: (r) => countryName(cmap[r.code], r.code) },
                { key: 'value', label: t(`map.metric_${kind}`), numeric: kind !== 'membership', render: (r) => r.label, sort: (r) => r.sortv },
              ]} />
          </Section>
        </>
      )}
    </div>
  );
}
