import { useState } from 'preact/hooks';
import { login } from '../api.js';
import { t } from '../i18n.js';
import { navigate, Link } from '../router.jsx';
import { Field, Button, Problem } from '../components/index.js';
import { homeFor } from './App.jsx';

export function Login({ account, next }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const acc = await login(email.trim(), password);
      const q = new URLSearchParams(location.search).get('next');
      navigate(next || q || homeFor(acc), { replace: true });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="login-page" data-testid="login-page">
      <section class="card login">
        <h1>{t('login.title')}</h1>
        {account && <p>{t('login.already', { name: account.name })}</p>}
        <form onSubmit={submit} aria-describedby={error ? 'login-error' : undefined}>
          <Field label={t('login.email')} id="login-email" type="email" autoComplete="username" required
            value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
          <Field label={t('login.password')} id="login-password" type="password" autoComplete="current-password" required
            value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
          <Button type="submit" id="login-submit" busy={busy}>{t('login.submit')}</Button>
        </form>
        <div id="login-error"><Problem error={error} /></div>
      </section>
      <section class="card">
        <h2>{t('login.public_title')}</h2>
        <p>{t('login.public_text')}</p>
        <ul class="links">
          <li><Link href="/agenda">{t('nav.agenda')}</Link></li>
          <li><Link href="/projects">{t('nav.projects')}</Link></li>
          <li><Link href="/map">{t('nav.map')}</Link></li>
          <li><Link href="/flows">{t('nav.flows')}</Link></li>
          <li><Link href="/exchange/events">{t('nav.events')}</Link></li>
        </ul>
      </section>
    </div>
  );
}
