// CSV import of organisations and people (secretariat). The file goes up with
// XMLHttpRequest so that the upload's progress can be shown; once sent, the
// server checks every row (an indeterminate "checking rows" state with
// aria-busy) and answers all-or-nothing: the count imported, or 422 with
// every bad row (line, column, reason) in the problem's `report`.
import { useRef, useState } from 'preact/hooks';
import { API_BASE, ApiError, getToken } from '../../api.js';
import { t, fmtNumber, useLang } from '../../i18n.js';
import { Section, Select, Button, Problem, Table, Progress } from '../../components/index.js';

const KINDS = {
  organizations: { path: '/organizations/import', columns: 'name, type, country, name_lang, name_en, name_zh, name_ru, name_ar, name_fr, name_es, ror, parent_ror, website, sme, sme_evidence' },
  people: { path: '/people/import', columns: 'name, country, orcid, email, languages, keywords, expertise, affiliation_ror, affiliation_org_id, affiliation_role, affiliation_start, affiliation_end' },
};

/** POST a file as text/csv; onProgress(loaded, total) while it uploads, onSent() after. */
function upload(path, file, { onProgress, onSent }) {
  return new Promise((resolve, reject) => {
    const x = new XMLHttpRequest();
    x.open('POST', API_BASE + path);
    x.setRequestHeader('Content-Type', 'text/csv');
    x.setRequestHeader('Accept', 'application/json');
    const token = getToken();
    if (token) x.setRequestHeader('Authorization', `Bearer ${token}`);
    x.upload.onprogress = (e) => {
      const total = e.lengthComputable ? e.total : file.size;
      onProgress(e.loaded, total);
      if (e.loaded >= total) onSent();
    };
    x.upload.onload = () => onSent();
    x.onerror = () => reject(new ApiError({ title: t('import.network') }, 0));
    x.onload = () => {
      let body = null;
      try { body = x.responseText ? JSON.parse(x.responseText) : null; } catch { body = null; }
      if (x.status >= 200 && x.status < 300) resolve({ ok: true, report: body });
      else if (x.status === 422 && body && body.report) resolve({ ok: false, report: body.report, problem: body });
      else reject(new ApiError(body || { title: x.statusText || `HTTP ${x.status}` }, x.status));
    };
    x.send(file);
  });
}

export default function SecretariatImport() {
  useLang();
  const [kind, setKind] = useState('organizations');
  const [file, setFile] = useState(null);
  const [stage, setStage] = useState('idle'); // idle | uploading | checking | done
  const [sent, setSent] = useState({ loaded: 0, total: 0 });
  const [result, setResult] = useState(null);
  const [error, setError] = useState(null);
  const input = useRef(null);
  const busy = stage === 'uploading' || stage === 'checking';

  const submit = async (e) => {
    e.preventDefault();
    if (!file) { setError(new ApiError({ title: t('import.choose_first') }, 0)); return; }
    setError(null); setResult(null);
    setSent({ loaded: 0, total: file.size });
    setStage('uploading');
    try {
      const r = await upload(KINDS[kind].path, file, {
        onProgress: (loaded, total) => setSent({ loaded, total }),
        onSent: () => setStage('checking'),
      });
      setResult({ ...r, kind, name: file.name });
    } catch (err) {
      setError(err);
    } finally {
      setStage('done');
    }
  };

  const rep = result && result.report;
  return (
    <div id="import-page" data-testid="import-page">
      <h1>{t('import.title')}</h1>
      <Section>
        <p>{t('import.intro')}</p>
        <form onSubmit={submit} id="import-form">
          <div class="row">
            <Select id="import-kind" label={t('import.kind')} value={kind} onChange={(v) => { setKind(v); setResult(null); }}
              disabled={busy}
              options={Object.keys(KINDS).map((k) => ({ value: k, label: t(`import.kinds.${k}`) }))} />
            <div class="field">
              <label for="import-file">{t('import.file')}</label>
              <input id="import-file" ref={input} type="file" accept=".csv,text/csv" disabled={busy}
                aria-describedby="import-columns"
                onChange={(e) => { setFile(e.currentTarget.files[0] || null); setResult(null); setError(null); }} />
            </div>
            <div class="field">
              <Button type="submit" id="import-submit" busy={busy}>{t('import.submit')}</Button>
            </div>
          </div>
          <p class="muted" id="import-columns">{t('import.columns', { columns: KINDS[kind].columns })}</p>
        </form>
        {stage === 'uploading' && (
          <div id="import-progress" data-testid="import-progress" aria-busy="true">
            <Progress label={t('import.uploading', { name: file ? file.name : '' })} value={sent.loaded} max={sent.total || 1} />
          </div>
        )}
        {stage === 'checking' && (
          <div id="import-checking" data-testid="import-checking" aria-busy="true">
            <Progress label={t('import.checking')} />
          </div>
        )}
        <Problem error={error} />
      </Section>
      {rep && result.ok && (
        <Section title={t('import.result')} id="import-result" testid="import-result">
          <p class="notice" role="status" id="import-count">
            {t('import.imported', { n: fmtNumber(rep.imported), kind: t(`import.kinds.${result.kind}`), name: result.name })}
          </p>
          {rep.first_id !== undefined && <p class="muted">{t('import.ids', { first: rep.first_id, last: rep.last_id })}</p>}
        </Section>
      )}
      {rep && !result.ok && (
        <Section title={t('import.refused_title')} id="import-refused" testid="import-refused">
          <p class="problem" role="alert" id="import-refusal">
            {t('import.refused', { n: fmtNumber(rep.total_errors), rows: fmtNumber(rep.rows), name: result.name })}
          </p>
          <Table testid="import-errors" rowKey={(x) => `${x.line}:${x.column || ''}:${x.reason}`} rows={rep.errors}
            caption={t('import.bad_rows')} initialSort={{ key: 'line', dir: 1 }}
            columns={[
              { key: 'line', label: t('import.line'), numeric: true },
              { key: 'column', label: t('import.column'), render: (x) => x.column || '' },
              { key: 'reason', label: t('import.reason') },
            ]} />
          {rep.total_errors > rep.errors.length && (
            <p class="muted">{t('import.more', { n: fmtNumber(rep.total_errors - rep.errors.length) })}</p>
          )}
        </Section>
      )}
    </div>
  );
}
