// Ballot forms: ranked (ranks 1..n, move with buttons or drag; equal ranks
// tie, 0 leaves an issue unranked), approval (checkboxes), score (0..max).
import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import { t } from '../../i18n.js';
import { Button, Problem, useAction } from '../../components/index.js';

export function BallotForm({ process, candidates, onDone }) {
  const kind = process.ballot;
  const [order, setOrder] = useState(candidates.map((c) => c.code));
  const [marks, setMarks] = useState(() => {
    const m = {};
    candidates.forEach((c, i) => { m[c.code] = kind === 'ranked' ? i + 1 : 0; });
    return m;
  });
  const [drag, setDrag] = useState(null);
  const byCode = Object.fromEntries(candidates.map((c) => [c.code, c]));

  const reorder = (next) => {
    setOrder(next);
    const m = { ...marks };
    next.forEach((code, i) => { if (m[code] !== 0) m[code] = i + 1; });
    // keep ranks dense for ranked items in list order
    let r = 0;
    next.forEach((code) => { if (m[code] !== 0) m[code] = ++r; });
    setMarks(m);
  };
  const move = (i, d) => {
    const j = i + d;
    if (j < 0 || j >= order.length) return;
    const next = [...order];
    [next[i], next[j]] = [next[j], next[i]];
    reorder(next);
  };
  const [submit, st] = useAction(async () => {
    const out = {};
    for (const [k, v] of Object.entries(marks)) if (Number(v) > 0) out[k] = Number(v);
    await api.post(`/agenda-processes/${process.id}/ballots`, { marks: out });
    onDone && onDone();
  });

  return (
    <form data-testid="ballot-form" onSubmit={(e) => { e.preventDefault(); submit(); }}>
      {kind === 'ranked' && (
        <>
          <p class="muted" id="ballot-help">{t('ballot.ranked_help', { n: candidates.length })}</p>
          <ol class="rank-list" aria-describedby="ballot-help">
            {order.map((code, i) => (
              <li key={code} data-code={code} draggable class={drag === code ? 'dragging' : ''}
                onDragStart={(e) => { setDrag(code); e.dataTransfer.effectAllowed = 'move'; }}
                onDragOver={(e) => e.preventDefault()}
                onDrop={(e) => {
                  e.preventDefault();
                  if (!drag || drag === code) return;
                  const next = order.filter((c) => c !== drag);
                  next.splice(next.indexOf(code) + (order.indexOf(drag) < i ? 1 : 0), 0, drag);
                  setDrag(null);
                  reorder(next);
                }}
                onDragEnd={() => setDrag(null)}>
                <label class="sr-only" for={`rank-${code}`}>{t('ballot.rank_for', { code })}</label>
                <input id={`rank-${code}`} type="number" min="0" max={candidates.length} style={{ width: '4.5rem' }}
                  value={marks[code]} onInput={(e) => setMarks({ ...marks, [code]: Number(e.currentTarget.value) || 0 })} />
                <span class="grow"><strong>{code}</strong> — {byCode[code].title}</span>
                <button type="button" class="btn btn-secondary small" onClick={() => move(i, -1)} disabled={i === 0}
                  aria-label={t('ballot.up', { code })}>↑</button>
                <button type="button" class="btn btn-secondary small" onClick={() => move(i, 1)} disabled={i === order.length - 1}
                  aria-label={t('ballot.down', { code })}>↓</button>
              </li>
            ))}
          </ol>
        </>
      )}
      {kind !== 'ranked' && (
        <ul class="rank-list">
          {candidates.map((c) => (
            <li key={c.code} data-code={c.code}>
              {kind === 'score' ? (
                <>
                  <label for={`score-${c.code}`} class="grow"><strong>{c.code}</strong> — {c.title}</label>
                  <input id={`score-${c.code}`} type="number" min="0" max={process.max_score || 10} style={{ width: '4.5rem' }}
                    value={marks[c.code]} onInput={(e) => setMarks({ ...marks, [c.code]: Number(e.currentTarget.value) || 0 })} />
                  <span class="muted">/ {process.max_score || 10}</span>
                </>
              ) : (
                <>
                  <input id={`approve-${c.code}`} type="checkbox" checked={marks[c.code] > 0}
                    onChange={(e) => setMarks({ ...marks, [c.code]: e.currentTarget.checked ? 1 : 0 })} />
                  <label for={`approve-${c.code}`} class="grow"><strong>{c.code}</strong> — {c.title}</label>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      <Button type="submit" id="ballot-submit" busy={st.busy}>{t('ballot.cast')}</Button>
      <Problem error={st.error} />
    </form>
  );
}
