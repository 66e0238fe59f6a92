// useApi(() => api.get('/x'), [deps]) → {data, error, loading, reload}
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export function useApi(fn, deps = []) {
  const [state, set] = useState({ data: undefined, error: null, loading: true });
  const seq = useRef(0);
  const run = useCallback(() => {
    const n = ++seq.current;
    set((s) => ({ ...s, loading: true, error: null }));
    Promise.resolve()
      .then(fn)
      .then((data) => { if (n === seq.current) set({ data, error: null, loading: false }); })
      .catch((error) => { if (n === seq.current) set({ data: undefined, error, loading: false }); });
  }, deps); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(run, [run]);
  return { ...state, reload: run };
}

/** useAction(async fn) → [run, {busy, error, setError}] for buttons/forms. */
export function useAction(fn) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const run = async (...args) => {
    setBusy(true);
    setError(null);
    try {
      return await fn(...args);
    } catch (e) {
      setError(e);
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return [run, { busy, error, setError }];
}
