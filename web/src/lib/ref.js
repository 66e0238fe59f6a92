// Cached reference data shared by pages: countries (with numeric ISO codes
// and names in several languages), funds.
import { api, apiAll } from '../api.js';
import { getLang } from '../i18n.js';

let countriesP = null;
export function loadCountries() {
  if (!countriesP) countriesP = api.get('/countries').then((r) => r.items).catch((e) => { countriesP = null; throw e; });
  return countriesP;
}

/** Country name in the current language (falls back to English, then the code). */
export function countryName(c, code) {
  if (!c) return code || '';
  const n = c.names || {};
  return n[getLang()] || n.en || c.name || c.code;
}

export function byCode(list) {
  const m = {};
  for (const c of list || []) m[c.code] = c;
  return m;
}

let fundsP = null;
export function loadFunds() {
  if (!fundsP) fundsP = apiAll('/funds').catch((e) => { fundsP = null; throw e; });
  return fundsP;
}

/** Localised text from {lang: text} maps with a default. */
export function localized(map, fallback) {
  if (!map) return fallback || '';
  return map[getLang()] || fallback || map.en || Object.values(map)[0] || '';
}

/** Convert an amount to the reporting currency with rates [{base, quote, rate}]. */
export function convert(minorAmount, currency, reporting, rates, expFrom = 2, expTo = 2) {
  if (currency === reporting) return minorAmount;
  const r = (rates || []).find((x) => x.base === currency && x.quote === reporting);
  if (r) return Math.round((minorAmount / 10 ** expFrom) * Number(r.rate) * 10 ** expTo);
  const inv = (rates || []).find((x) => x.base === reporting && x.quote === currency);
  if (inv) return Math.round((minorAmount / 10 ** expFrom / Number(inv.rate)) * 10 ** expTo);
  return null;
}
