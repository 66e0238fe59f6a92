// An issue: texts, supporters, support, the comment thread (replies nested),
// amendments (propose; accept/reject by the proposer's delegate or the
// secretariat), linked calls.
import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import { t, fmtDateTime, tEnum, getLang } from '../../i18n.js';
import { useApi, Loaded, Section, Field, Button, Problem, useAction, Badge, Table } from '../../components/index.js';
import { Link } from '../../router.jsx';

function CommentForm({ issueId, parentId, onDone, idSuffix = '' }) {
  const [body, setBody] = useState('');
  const [run, st] = useAction(async () => {
    const b = { body };
    if (parentId) b.parent_id = parentId;
    await api.post(`/agenda-issues/${issueId}/comments`, b);
    setBody('');
    onDone();
  });
  return (
    <form onSubmit={(e) => { e.preventDefault(); run(); }}>
      <Field id={`comment-text${idSuffix}`} textarea required label={parentId ? t('issue.reply') : t('issue.comment')} value={body} onInput={(e) => setBody(e.currentTarget.value)} />
      <Button type="submit" id={`comment-submit${idSuffix}`} busy={st.busy}>{parentId ? t('issue.send_reply') : t('issue.send_comment')}</Button>
      <Problem error={st.error} />
    </form>
  );
}

function Thread({ comments, issueId, canComment, onDone }) {
  const [replyTo, setReplyTo] = useState(null);
  if (!comments || !comments.length) return null;
  return (
    <ul class="thread">
      {comments.map((c) => (
        <li key={c.id} data-testid="comment">
          <p class="muted">{c.member ? `${c.member} · ` : ''}{(c.author || '').replace(/^account:\d+\s*/, '')} · {fmtDateTime(c.created_at)}</p>
          <p>{c.body}</p>
          {canComment && (replyTo === c.id
            ? <CommentForm issueId={issueId} parentId={c.id} idSuffix={`-${c.id}`} onDone={() => { setReplyTo(null); onDone(); }} />
            : <button type="button" class="btn btn-secondary small" onClick={() => setReplyTo(c.id)}>{t('issue.reply')}</button>)}
          <Thread comments={c.replies} issueId={issueId} canComment={canComment} onDone={onDone} />
        </li>
      ))}
    </ul>
  );
}

function AmendForm({ issue, onDone }) {
  const [lang, setLang] = useState(getLang());
  const [title, setTitle] = useState('');
  const [summary, setSummary] = useState('');
  const [reason, setReason] = useState('');
  const [run, st] = useAction(async () => {
    const b = { lang, reason };
    if (title) b.title = title;
    if (summary) b.summary = summary;
    await api.post(`/agenda-issues/${issue.id}/amendments`, b);
    setTitle(''); setSummary(''); setReason('');
    onDone();
  });
  return (
    <form onSubmit={(e) => { e.preventDefault(); run(); }} data-testid="amend-form">
      <h3>{t('issue.propose_amendment')}</h3>
      <div class="row">
        <Field id="amend-lang" label={t('issue.lang')} value={lang} onInput={(e) => setLang(e.currentTarget.value)} />
        <Field id="amend-title" label={t('issue.new_title')} value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
      </div>
      <Field id="amend-summary" textarea label={t('issue.new_summary')} value={summary} onInput={(e) => setSummary(e.currentTarget.value)} />
      <Field id="amend-reason" textarea required label={t('issue.reason')} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
      <Button type="submit" id="amend-submit" busy={st.busy}>{t('issue.propose_amendment')}</Button>
      <Problem error={st.error} />
    </form>
  );
}

function Decide({ amendment, onDone }) {
  const [run, st] = useAction(async (status) => {
    await api.post(`/agenda-amendments/${amendment.id}/decision`, { status });
    onDone();
  });
  return (
    <span class="row">
      <Button variant="secondary" class="small" busy={st.busy} onClick={() => run('accepted')}>{t('issue.accept')}</Button>
      <Button variant="danger" class="small" busy={st.busy} onClick={() => run('rejected')}>{t('issue.reject')}</Button>
      <Problem error={st.error} />
    </span>
  );
}

export function IssuePage({ params, account }) {
  const lang = getLang();
  const s = useApi(() => api.get(`/agenda-issues/${params.id}`).then((i) => ({ ...i, ...((i.texts && i.texts[lang]) || {}) })), [params.id, lang]);
  const proc = useApi(() => (s.data ? api.get(`/agenda-processes/${s.data.process_id}`) : Promise.resolve(null)), [s.data && s.data.process_id]);
  const [supportMember, setSupportMember] = useState('');
  const [support, sst] = useAction(async () => {
    // the secretariat names the member it acts for
    await api.post(`/agenda-issues/${params.id}/support`, supportMember.trim() ? { member: supportMember.trim() } : {});
    setSupportMember('');
    s.reload();
  });
  const role = account.role;
  const phase = proc.data && proc.data.phase;
  const canComment = ['delegate', 'secretariat', 'observer'].includes(role) && (phase === 'proposal' || phase === 'consultation');
  return (
    <div data-testid="issue-page">
      <Loaded state={s}>
        {(i) => (
          <>
            <p><Link href={`/delegate/processes/${i.process_id}`}>← {t('delegate.back_to_process')}</Link></p>
            <h1>{i.code} — {i.title}</h1>
            <Section>
              <p>{i.summary}</p>
              <dl class="kv">
                <dt>{t('common.status')}</dt><dd><Badge tone="info">{tEnum('issue_status', i.status)}</Badge>{i.place ? ` · ${t('agenda.place', { n: i.place })}` : ''}</dd>
                <dt>{t('delegate.proposer')}</dt><dd>{i.proposer && i.proposer.member}</dd>
                <dt>{t('delegate.support')}</dt><dd data-testid="issue-support">{(i.supporters || []).map((x) => x.member || x).join(', ')} ({i.support_count} / {i.support_threshold})</dd>
                {i.sdgs && i.sdgs.length > 0 && (<><dt>{t('agenda.sdgs')}</dt><dd>{i.sdgs.map((x) => `SDG ${x}`).join(', ')}</dd></>)}
                {i.calls && i.calls.length > 0 && (<><dt>{t('agenda.calls')}</dt><dd>{i.calls.map((c) => c.title || `#${c.id || c.call_id}`).join('; ')}</dd></>)}
              </dl>
              {(role === 'delegate' || role === 'secretariat') && (phase === 'proposal' || phase === 'consultation') && (
                <form class="row" data-testid="support-form" onSubmit={(e) => { e.preventDefault(); support(); }}>
                  {role === 'secretariat' && (
                    <Field id="support-member" label={t('delegate.member')} hint={t('delegate.member_hint')} required
                      value={supportMember} onInput={(e) => setSupportMember(e.currentTarget.value)} />
                  )}
                  <div class="field"><Button type="submit" id="support-submit" busy={sst.busy}>{t('issue.support')}</Button></div>
                </form>
              )}
              <Problem error={sst.error} />
            </Section>
            <Section title={t('issue.thread')} testid="issue-thread">
              <Thread comments={i.comments} issueId={i.id} canComment={canComment} onDone={s.reload} />
              {(!i.comments || !i.comments.length) && <p class="muted">{t('issue.no_comments')}</p>}
              {canComment && <CommentForm issueId={i.id} onDone={s.reload} />}
            </Section>
            <Section title={t('issue.amendments')} testid="issue-amendments">
              <Table rows={i.amendments || []} columns={[
                { key: 'member', label: t('delegate.member') },
                { key: 'lang', label: t('issue.lang') },
                { key: 'title', label: t('issue.new_title') },
                { key: 'summary', label: t('issue.new_summary') },
                { key: 'reason', label: t('issue.reason') },
                { key: 'status', label: t('common.status'), render: (a) => (a.status === 'pending' && phase === 'consultation' && (role === 'secretariat' || (role === 'delegate' && i.proposer && account.country === i.proposer.member))
                  ? <Decide amendment={a} onDone={s.reload} /> : tEnum('amendment_status', a.status)) },
              ]} />
              {phase === 'consultation' && i.status === 'consultation' && (role === 'delegate' || role === 'secretariat') && <AmendForm issue={i} onDone={s.reload} />}
            </Section>
          </>
        )}
      </Loaded>
    </div>
  );
}
