import { Progress } from './Progress.jsx';
import { Problem } from './Problem.jsx';
import { fmtMoney } from '../i18n.js';

/** <Loaded state={useApi(...)}>{(data) => …}</Loaded> — progress, problem, or content. */
export function Loaded({ state, label, children }) {
  if (state.error) return <Problem error={state.error} />;
  if (state.loading && state.data === undefined) return <Progress label={label} />;
  return children(state.data);
}

export function Section({ title, id, testid, children, actions }) {
  return (
    <section class="card" id={id} data-testid={testid} aria-labelledby={id ? `${id}-h` : undefined}>
      {(title || actions) && (
        <div class="card-head">
          {title && <h2 id={id ? `${id}-h` : undefined}>{title}</h2>}
          {actions && <div class="actions">{actions}</div>}
        </div>
      )}
      {children}
    </section>
  );
}

/** <Tabs tabs={[{id, label}]} value onChange/> — ARIA tablist with arrow keys. */
export function Tabs({ tabs, value, onChange, label, idPrefix = 'tab' }) {
  const onKey = (e, i) => {
    let j = null;
    if (e.key === 'ArrowRight') j = (i + 1) % tabs.length;
    if (e.key === 'ArrowLeft') j = (i - 1 + tabs.length) % tabs.length;
    if (e.key === 'Home') j = 0;
    if (e.key === 'End') j = tabs.length - 1;
    if (j === null) return;
    e.preventDefault();
    onChange(tabs[j].id);
    const el = document.getElementById(`${idPrefix}-${tabs[j].id}`);
    if (el) el.focus();
  };
  return (
    <div class="tabs" role="tablist" aria-label={label}>
      {tabs.map((tb, i) => (
        <button type="button" role="tab" id={`${idPrefix}-${tb.id}`} key={tb.id}
          aria-selected={value === tb.id ? 'true' : 'false'} tabIndex={value === tb.id ? 0 : -1}
          class={value === tb.id ? 'tab active' : 'tab'} onClick={() => onChange(tb.id)} onKeyDown={(e) => onKey(e, i)}>
          {tb.label}
        </button>
      ))}
    </div>
  );
}

export function Badge({ children, tone = 'neutral' }) {
  return <span class={`badge badge-${tone}`}>{children}</span>;
}

export function Money({ minor, currency }) {
  return <span class="money">{fmtMoney(minor, currency)}</span>;
}
