// <Progress label="Loading…" value={3} max={10}/> — determinate when value is
// given, else an indeterminate bar. role=progressbar / aria-live for readers.
import { t } from '../i18n.js';

export function Progress({ label, value, max = 100, inline }) {
  const text = label || t('common.loading');
  const det = typeof value === 'number';
  return (
    <div class={`progress ${inline ? 'inline' : ''}`} role="status" aria-live="polite" data-testid="progress">
      <div class="progress-track" role="progressbar" aria-label={text}
        aria-valuemin={det ? 0 : undefined} aria-valuemax={det ? max : undefined} aria-valuenow={det ? value : undefined}>
        <div class={`progress-bar ${det ? '' : 'indeterminate'}`} style={det ? { width: `${Math.min(100, (100 * value) / (max || 1))}%` } : undefined} />
      </div>
      <span class="progress-label">{text}{det ? ` ${Math.round((100 * value) / (max || 1))}%` : ''}</span>
    </div>
  );
}
