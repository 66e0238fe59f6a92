// <Problem error={err}/> — shows an ApiError (RFC 9457 problem): title,
// detail, the field pointer or parameter, and the request id to quote.
import { t } from '../i18n.js';

export function Problem({ error, onDismiss }) {
  if (!error) return null;
  const e = error;
  return (
    <div class="problem" role="alert" data-testid="problem">
      <strong>{e.title || t('common.error')}{e.status ? ` (${e.status})` : ''}</strong>
      {e.detail && e.detail !== e.title && <p>{e.detail}</p>}
      {!e.detail && e.message && <p>{e.message}</p>}
      {(e.pointer || e.parameter) && (
        <p class="muted">{t('common.field')}: <code>{e.pointer || e.parameter}</code></p>
      )}
      {e.requestId && <p class="muted">{t('common.request_id')}: <code>{e.requestId}</code></p>}
      {onDismiss && <button type="button" class="btn btn-secondary" onClick={onDismiss}>{t('common.dismiss')}</button>}
    </div>
  );
}
