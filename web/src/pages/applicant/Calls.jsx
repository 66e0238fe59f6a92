import { api } from '../../api.js';
import { t, useLang, fmtMoney, fmtDate, tEnum } from '../../i18n.js';
import { Link } from '../../router.jsx';
import { useAsync, Busy, ErrorBox, callTitle, useKitCss, Pill } from '../secretariat/kit.jsx';

export default function ApplicantCalls() {
  useLang();
  useKitCss();
  const calls = useAsync(() => api.get('/calls', { status: 'open', limit: 100 }), []);
  const mine = useAsync(() => api.get('/proposals', { limit: 500 }), []);
  return (
    <div class="w3-page" id="applicant-calls" data-testid="applicant-calls">
      <h1>{t('applicant.calls.title')}</h1>
      {calls.loading && <Busy />}
      <ErrorBox error={calls.error} />
      {calls.data && calls.data.items.length === 0 && <p>{t('applicant.calls.none')}</p>}
      {calls.data && calls.data.items.map((c) => {
        const last = c.stages[c.stages.length - 1];
        return (
          <section class="w3-card" key={c.id} data-testid={`applicant-call-${c.id}`}>
            <h2>{callTitle(c)}</h2>
            <p>{c.programme} · {c.edition} · {tEnum('applicant.mode', c.funding_mode)}</p>
            <p>{t('applicant.calls.deadline', { date: fmtDate(last.deadline, true), tz: c.time_zone })}</p>
            <details>
              <summary>{t('applicant.calls.funders', { n: c.funders.length })}</summary>
              <ul>
                {c.funders.map((f) => (
                  <li key={f.organization_id}>{f.name} ({f.country}) — {fmtMoney(f.budget, f.currency)}</li>
                ))}
              </ul>
            </details>
            <Link class="button" href={`/applicant/proposals/new?call=${c.id}`} id={`applicant-start-${c.id}`} data-testid={`applicant-start-${c.id}`}>
              {t('applicant.calls.start')}
            </Link>
          </section>
        );
      })}
      <h2 id="applicant-my-proposals-title">{t('applicant.mine.title')}</h2>
      {mine.loading && <Busy />}
      <ErrorBox error={mine.error} />
      {mine.data && (
        <table class="w3-table" id="applicant-my-proposals" data-testid="applicant-my-proposals" aria-labelledby="applicant-my-proposals-title">
          <thead><tr><th>{t('applicant.mine.acronym')}</th><th>{t('applicant.mine.ptitle')}</th><th>{t('applicant.mine.call')}</th><th>{t('applicant.mine.status')}</th></tr></thead>
          <tbody>
            {mine.data.items.map((p) => (
              <tr key={p.id}>
                <td><Link href={`/applicant/proposals/${p.id}`}>{p.acronym || `#${p.id}`}</Link></td>
                <td>{p.title}</td>
                <td>{p.call_id}</td>
                <td><Pill kind={p.status === 'eligible' ? 'pass' : p.status === 'ineligible' ? 'fail' : 'neutral'}>{tEnum('applicant.status', p.status)}</Pill></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
