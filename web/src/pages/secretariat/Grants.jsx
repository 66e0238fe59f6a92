import { useState } from 'preact/hooks';
import { api, apiAll } from '../../api.js';
import { t, useLang } from '../../i18n.js';
import { Link } from '../../router.jsx';
import { useAsync, Busy, ErrorBox, callTitle, useKitCss } from './kit.jsx';
import { AwardCard } from '../applicant/Grants.jsx';
import { ProjectStart, CommonPot } from './Pot.jsx';

export default function SecretariatGrants({ params }) {
  useLang();
  useKitCss();
  const id = Number(params.id);
  const call = useAsync(() => api.get(`/calls/${id}`), [id]);
  const data = useAsync(async () => {
    const sel = await api.get(`/calls/${id}/selection`);
    const byP = {};
    sel.decisions.forEach((d) => { (byP[d.proposal_id] = byP[d.proposal_id] || []).push(d); });
    const funded = await apiAll('/proposals', { call_id: id, status: 'funded' });
    const out = [];
    for (const p of funded) out.push({ proposal: p, awards: (await api.get(`/proposals/${p.id}/awards`)).items });
    const ready = Object.entries(byP).filter(([pid, ds]) => ds.every((d) => d.status === 'contract_signed') && !funded.some((p) => String(p.id) === pid)).map(([pid]) => Number(pid));
    return { out, ready };
  }, [id]);
  const [err, setErr] = useState(null);
  const [busy, setBusy] = useState(false);
  const create = async (pid) => {
    setErr(null); setBusy(true);
    try { await api.post(`/proposals/${pid}/awards`, {}); data.reload(); } catch (e) { setErr(e); }
    setBusy(false);
  };
  return (
    <div class="w3-page" id="secretariat-grants" data-testid="secretariat-grants">
      <p><Link href="/secretariat/calls">{t('secretariat.back')}</Link></p>
      <h1>{t('secretariat.grants.title')}{call.data ? `: ${callTitle(call.data)}` : ''}</h1>
      <CommonPot callId={id} call={call.data} />
      <ProjectStart callId={id} />
      {(data.loading || busy) && <Busy />}
      <ErrorBox error={data.error || err} />
      {data.data && data.data.ready.length > 0 && (
        <section class="w3-card" id="grants-ready">
          <h2>{t('secretariat.grants.ready')}</h2>
          <ul>{data.data.ready.map((pid) => <li key={pid}>#{pid} <button type="button" id={`create-awards-${pid}`} onClick={() => create(pid)}>{t('secretariat.grants.create')}</button></li>)}</ul>
        </section>
      )}
      {data.data && data.data.out.length === 0 && <p>{t('secretariat.grants.none')}</p>}
      {data.data && data.data.out.map(({ proposal, awards }) => (
        <section key={proposal.id} data-testid={`grants-proposal-${proposal.id}`}>
          <h2>{proposal.acronym} (#{proposal.id}) — {proposal.title}</h2>
          {awards.map((a) => <AwardCard key={a.id} award={a} role="secretariat" onChange={data.reload} />)}
        </section>
      ))}
    </div>
  );
}
