// <Table columns rows rowKey caption testid empty/>
// columns: [{key, label, render?(row), sort?(row) → value, numeric?, sortable?}]
// Click (or Enter/Space) on a header's button to sort; aria-sort reflects it.
import { useMemo, useState } from 'preact/hooks';
import { t, getLocale } from '../i18n.js';

export function Table({ columns, rows, rowKey = 'id', caption, testid, empty, initialSort, onRowClick, pageSize = 0 }) {
  const [sort, setSort] = useState(initialSort || null); // {key, dir: 1|-1}
  const [limit, setLimit] = useState(pageSize);
  const sorted = useMemo(() => {
    if (!sort) return rows || [];
    const col = columns.find((c) => c.key === sort.key);
    if (!col) return rows || [];
    const get = col.sort || ((r) => r[col.key]);
    const coll = new Intl.Collator(getLocale(), { numeric: true });
    return [...(rows || [])].sort((a, b) => {
      const x = get(a), y = get(b);
      if (x === y) return 0;
      if (x === null || x === undefined) return 1;
      if (y === null || y === undefined) return -1;
      const c = typeof x === 'number' && typeof y === 'number' ? x - y : coll.compare(String(x), String(y));
      return c * sort.dir;
    });
  }, [rows, sort, columns]);
  const toggle = (key) => setSort((s) => (s && s.key === key ? { key, dir: -s.dir } : { key, dir: 1 }));
  const shown = limit ? sorted.slice(0, limit) : sorted;
  return (
    <div class="table-wrap">
      <table class="table" data-testid={testid}>
        {caption && <caption>{caption}</caption>}
        <thead>
          <tr>
            {columns.map((c) => {
              const active = sort && sort.key === c.key;
              const ariaSort = active ? (sort.dir > 0 ? 'ascending' : 'descending') : undefined;
              return (
                <th key={c.key} scope="col" aria-sort={ariaSort} class={c.numeric ? 'num' : ''}>
                  {c.sortable === false ? c.label : (
                    <button type="button" class="sort" onClick={() => toggle(c.key)}>
                      {c.label}
                      <span aria-hidden="true" class="sort-ind">{active ? (sort.dir > 0 ? ' ▲' : ' ▼') : ' ↕'}</span>
                    </button>
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {shown.length === 0 && (
            <tr><td colSpan={columns.length} class="muted">{empty || t('common.none')}</td></tr>
          )}
          {shown.map((r, i) => (
            <tr key={typeof rowKey === 'function' ? rowKey(r) : r[rowKey] ?? i}
              class={onRowClick ? 'clickable' : ''}
              onClick={onRowClick ? () => onRowClick(r) : undefined}>
              {columns.map((c) => (
                <td key={c.key} class={c.numeric ? 'num' : ''}>{c.render ? c.render(r) : r[c.key]}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {limit > 0 && sorted.length > limit && (
        <button type="button" class="btn btn-secondary more" onClick={() => setLimit(limit + pageSize)}>
          {t('common.show_more', { n: sorted.length - limit })}
        </button>
      )}
    </div>
  );
}
