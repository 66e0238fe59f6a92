// Message catalogues and locale formatting.
// Every web/src/i18n/<area>.<lang>.json (lang = en | zh) is merged into one
// catalogue per language; nested objects are flattened to dotted keys, so
// {"nav": {"agenda": "Agenda"}} and {"nav.agenda": "Agenda"} are the same.
// Add a file for your area; do not edit other areas' files.
import { useEffect, useState } from 'preact/hooks';

export const LANGS = ['en', 'zh'];
const LOCALES = { en: 'en-GB', zh: 'zh-CN' };
const LANG_KEY = 'serai.lang';

const files = import.meta.glob('./i18n/*.json', { eager: true, import: 'default' });
const catalogues = { en: {}, zh: {} };

function flatten(obj, prefix, out) {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object' && !Array.isArray(v)) flatten(v, key, out);
    else out[key] = v;
  }
  return out;
}

for (const [path, data] of Object.entries(files)) {
  const m = /\/([^/]+)\.(\w+)\.json$/.exec(path);
  if (!m || !catalogues[m[2]]) continue;
  flatten(data, '', catalogues[m[2]]);
}

function initialLang() {
  const saved = localStorage.getItem(LANG_KEY);
  if (LANGS.includes(saved)) return saved;
  return (navigator.language || '').toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

let lang = initialLang();
const listeners = new Set();

export function getLang() {
  return lang;
}

export function getLocale() {
  return LOCALES[lang] || 'en-GB';
}

export function setLang(l) {
  if (!LANGS.includes(l) || l === lang) return;
  lang = l;
  localStorage.setItem(LANG_KEY, l);
  document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
  listeners.forEach((fn) => fn(l));
}

/** Hook: re-render the component when the language changes. */
export function useLang() {
  const [l, set] = useState(lang);
  useEffect(() => {
    listeners.add(set);
    return () => listeners.delete(set);
  }, []);
  return l;
}

/**
 * t('key', {name: 'x'}) — the message in the current language, falling back
 * to English, then to the key itself. {name} placeholders are replaced;
 * numbers in params are formatted for the locale.
 */
export function t(key, params) {
  let s = catalogues[lang][key];
  if (s === undefined) s = catalogues.en[key];
  if (s === undefined) {
    if (import.meta.env.DEV) console.warn('i18n: missing key', key);
    s = key;
  }
  if (params) {
    s = s.replace(/\{(\w+)\}/g, (m, p) => {
      const v = params[p];
      if (v === undefined || v === null) return m;
      return typeof v === 'number' ? fmtNumber(v) : String(v);
    });
  }
  return s;
}

/** True if the key exists in some catalogue (for optional labels). */
export function has(key) {
  return key in catalogues[lang] || key in catalogues.en;
}

/** Label for an enumerated API value: t(`${prefix}.${value}`) or the value. */
export function tEnum(prefix, value) {
  if (value === null || value === undefined) return '';
  const k = `${prefix}.${value}`;
  return has(k) ? t(k) : String(value).replace(/_/g, ' ');
}

export function fmtNumber(n, opts) {
  if (n === null || n === undefined || Number.isNaN(n)) return '';
  return new Intl.NumberFormat(getLocale(), opts).format(n);
}

export function fmtPercent(x, digits = 1) {
  return fmtNumber(x, { style: 'percent', maximumFractionDigits: digits });
}

/** Dates 'YYYY-MM-DD' (shown as a calendar date) or ISO instants. */
export function fmtDate(v, withTime = false) {
  if (!v) return '';
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(v);
  const d = dateOnly ? new Date(`${v}T00:00:00Z`) : new Date(v);
  if (Number.isNaN(d.getTime())) return String(v);
  const o = { year: 'numeric', month: 'short', day: 'numeric' };
  if (dateOnly) o.timeZone = 'UTC';
  if (withTime && !dateOnly) {
    o.hour = '2-digit';
    o.minute = '2-digit';
  }
  return new Intl.DateTimeFormat(getLocale(), o).format(d);
}

export function fmtDateTime(v) {
  return fmtDate(v, true);
}

// Currency exponents (minor units) from GET /api/v1/currencies, loaded once
// by main.jsx through setCurrencies(); Intl's own digits are the fallback.
const minorUnits = {};
export function setCurrencies(list) {
  for (const c of list || []) {
    const code = c.code || c.currency;
    const mu = c.minor_units ?? c.exponent;
    if (code && Number.isInteger(mu)) minorUnits[code] = mu;
  }
}

export function currencyExponent(currency) {
  if (currency in minorUnits) return minorUnits[currency];
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency })
      .resolvedOptions().maximumFractionDigits;
  } catch {
    return 2;
  }
}

/** Convert integer minor units to a JS number of major units. */
export function toMajor(minor, currency) {
  return Number(minor) / 10 ** currencyExponent(currency);
}

/** fmtMoney(123456, 'EUR') → '€1,234.56' (locale dependent). */
export function fmtMoney(minor, currency, opts = {}) {
  if (minor === null || minor === undefined || !currency) return '';
  const e = currencyExponent(currency);
  const major = Number(minor) / 10 ** e;
  try {
    return new Intl.NumberFormat(getLocale(), {
      style: 'currency',
      currency,
      minimumFractionDigits: opts.compact ? 0 : e,
      maximumFractionDigits: opts.compact ? 0 : e,
      notation: opts.compact ? 'compact' : 'standard',
    }).format(major);
  } catch {
    return `${fmtNumber(major)} ${currency}`;
  }
}

/** Sum of {CUR: minor} maps → 'EUR 1.00 · USD 2.00'. */
export function fmtAmounts(map) {
  if (!map) return '';
  if (Array.isArray(map)) return map.map((a) => fmtMoney(a.amount, a.currency)).join(' · ');
  return Object.entries(map).map(([c, v]) => fmtMoney(v, c)).join(' · ');
}

/** Parse a decimal string typed by a user into integer minor units. */
export function parseMoney(text, currency) {
  const e = currencyExponent(currency);
  const s = String(text).trim().replace(/[\s,_']/g, '');
  if (!/^-?\d+(\.\d+)?$/.test(s)) return null;
  const [i, f = ''] = s.replace('-', '').split('.');
  if (f.length > e) return null;
  const v = Number(i) * 10 ** e + Number((f + '0'.repeat(e)).slice(0, e) || 0);
  return s.startsWith('-') ? -v : v;
}
