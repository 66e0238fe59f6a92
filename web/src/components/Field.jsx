// <Field label="Name" id="x" value onInput error hint type textarea .../>
// A labelled input with its error message tied through aria-describedby.
import { useId } from 'preact/hooks';

export function Field({ label, id, error, hint, textarea, class: cls, children, ...input }) {
  const auto = useId();
  const fid = id || `f${auto}`;
  const described = [error ? `${fid}-err` : null, hint ? `${fid}-hint` : null].filter(Boolean).join(' ') || undefined;
  const props = { id: fid, 'aria-invalid': error ? 'true' : undefined, 'aria-describedby': described, ...input };
  return (
    <div class={`field ${error ? 'has-error' : ''} ${cls || ''}`}>
      <label for={fid}>{label}</label>
      {children || (textarea ? <textarea {...props} /> : <input {...props} />)}
      {hint && <small id={`${fid}-hint`} class="hint">{hint}</small>}
      {error && <small id={`${fid}-err`} class="error" role="alert">{error}</small>}
    </div>
  );
}

/** Value of the event target, for onInput={bind(setX)}. */
export const bind = (set) => (e) => set(e.currentTarget.value);
