// <Select label="Country" value onChange={(v)=>...} options={[{value, label}]} empty="All"/>
import { useId } from 'preact/hooks';

export function Select({ label, id, value, onChange, options, empty, error, class: cls, hideLabel, ...rest }) {
  const auto = useId();
  const fid = id || `s${auto}`;
  return (
    <div class={`field ${cls || ''}`}>
      <label for={fid} class={hideLabel ? 'sr-only' : ''}>{label}</label>
      <select id={fid} value={value ?? ''} onChange={(e) => onChange && onChange(e.currentTarget.value)}
        aria-invalid={error ? 'true' : undefined} {...rest}>
        {empty !== undefined && <option value="">{empty}</option>}
        {(options || []).map((o) => (
          <option key={o.value} value={o.value} disabled={o.disabled}>{o.label ?? o.value}</option>
        ))}
      </select>
      {error && <small class="error" role="alert">{error}</small>}
    </div>
  );
}
