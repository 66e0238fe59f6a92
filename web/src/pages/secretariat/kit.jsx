// Small shared helpers of the applicant, reviewer, secretariat and funder
// pages (kept here because the shell's shared components do not cover them).
import { useEffect, useRef, useState, useCallback } from 'preact/hooks';
import { t, getLang } from '../../i18n.js';
import { Chart as ShellChart } from '../../components/Chart.jsx';

/** Run an async loader; re-run when deps change. */
export function useAsync(fn, deps = []) {
  const [state, setState] = useState({ data: null, error: null, loading: true });
  const seq = useRef(0);
  const run = useCallback(() => {
    const my = ++seq.current;
    setState((s) => ({ ...s, loading: true, error: null }));
    return Promise.resolve()
      .then(fn)
      .then(
        (data) => { if (my === seq.current) setState({ data, error: null, loading: false }); return data; },
        (error) => { if (my === seq.current) setState({ data: null, error, loading: false }); },
      );
  }, deps);
  useEffect(() => { run(); }, [run]);
  return { ...state, reload: run };
}

/** An indeterminate (or determinate) progress element, aria-busy while shown. */
export function Busy({ label, value, max, id }) {
  return (
    <div class="w3-busy" aria-busy="true" role="status" id={id} data-testid={id || 'busy'}>
      <progress aria-label={label || t('secretariat.loading')} value={value} max={max} />{' '}
      <span>{label || t('secretariat.loading')}</span>
    </div>
  );
}

export function ErrorBox({ error, id }) {
  if (!error) return null;
  return (
    <div role="alert" class="w3-error" id={id} data-testid={id || 'error'}>
      {error.detail || error.message || String(error)}
      {error.pointer ? <code> ({error.pointer})</code> : null}
    </div>
  );
}

/** Call title in the current language. */
export function callTitle(call) {
  if (!call) return '';
  const l = getLang();
  return (call.titles && call.titles[l]) || call.title;
}

export function orgName(o) {
  if (!o) return '';
  const l = getLang();
  return (o.names && o.names[l]) || o.name;
}

/** ECharts chart through the shell's tree-shaken Chart, wrapped with a stable id. */
export function Chart({ option, id, height = 320, label }) {
  return <div id={id} data-testid={id}><ShellChart option={option} height={height} label={label} testid={`${id}-chart`} /></div>;
}

/** Read a query parameter of the current location (hash or path). */
export function queryParam(name) {
  const h = window.location.hash || '';
  const qi = h.indexOf('?');
  if (qi >= 0) {
    const v = new URLSearchParams(h.slice(qi + 1)).get(name);
    if (v !== null) return v;
  }
  return new URLSearchParams(window.location.search).get(name);
}

/** Status pill with a translated label. */
export function Pill({ kind, children }) {
  return <span class={`w3-pill w3-pill-${kind || 'neutral'}`}>{children}</span>;
}

/** Today as YYYY-MM-DD (UTC). */
export function today() {
  return new Date().toISOString().slice(0, 10);
}

export const KIT_CSS = `
.w3-busy{display:flex;align-items:center;gap:.5em;margin:.5em 0}
.w3-error{background:#fdecea;color:#611a15;border:1px solid #f5c2c0;padding:.5em .75em;border-radius:4px;margin:.5em 0}
.w3-ok{background:#e8f5e9;color:#1b5e20;border:1px solid #b9dfbb;padding:.5em .75em;border-radius:4px;margin:.5em 0}
.w3-pill{display:inline-block;padding:0 .5em;border-radius:1em;font-size:.85em;border:1px solid #ccc}
.w3-pill-pass{background:#e8f5e9;border-color:#81c784;color:#1b5e20}
.w3-pill-fail{background:#fdecea;border-color:#e57373;color:#8e1b16}
.w3-pill-pending{background:#fff8e1;border-color:#ffca28;color:#6d4c00}
.w3-grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(14em,1fr));gap:.5em 1em;align-items:end}
.w3-grid label,.w3-field{display:flex;flex-direction:column;gap:.2em;font-size:.9em}
.w3-table{border-collapse:collapse;width:100%;margin:.5em 0}
.w3-table th,.w3-table td{border-bottom:1px solid #ddd;padding:.3em .5em;text-align:left;vertical-align:top}
.w3-table td.num,.w3-table th.num{text-align:right;font-variant-numeric:tabular-nums}
.w3-card{border:1px solid #ddd;border-radius:6px;padding:.75em 1em;margin:.75em 0}
.w3-row{display:flex;gap:.5em;flex-wrap:wrap;align-items:center}
.w3-rules li{margin:.3em 0;list-style:none}
.w3-two{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:1em}
@media (max-width:900px){.w3-two{grid-template-columns:1fr}}
.w3-page a:focus-visible,.w3-page button:focus-visible,.w3-page input:focus-visible,.w3-page select:focus-visible,.w3-page textarea:focus-visible,.w3-page summary:focus-visible,.w3-page [tabindex]:focus-visible{outline:3px solid #1a73e8;outline-offset:2px}
`;

let cssDone = false;
/** Inject the page styles once. */
export function useKitCss() {
  useEffect(() => {
    if (cssDone) return;
    cssDone = true;
    const s = document.createElement('style');
    s.setAttribute('data-w3', 'kit');
    s.textContent = KIT_CSS;
    document.head.appendChild(s);
  }, []);
}
