// The shell: header (navigation by role, #whoami, #lang, sign out), the
// login page (/login, and / when signed out) and the routed page.
import { useEffect, useState } from 'preact/hooks';
import { routes, match, allowed, navigate, useLocation, Link } from '../router.jsx';
import { getAccount, onAuthChange, logout } from '../api.js';
import { t, useLang, setLang, LANGS, tEnum } from '../i18n.js';
import { Login } from './Login.jsx';

const AREA_ORDER = ['public', 'delegate', 'exchange', 'fund', 'applicant', 'reviewer', 'funder', 'secretariat'];

function navItems(account) {
  return routes
    .filter((r) => r.nav && allowed(r, account) && !r.keys.length)
    .sort((a, b) => (AREA_ORDER.indexOf(a.nav.area) - AREA_ORDER.indexOf(b.nav.area)) || ((a.nav.order ?? 50) - (b.nav.order ?? 50)));
}

export function homeFor(account) {
  const items = navItems(account);
  if (account) {
    const own = items.find((r) => r.nav.area === account.role || (r.roles || []).includes(account.role) && !(r.roles || []).includes('public'));
    if (own) return own.path;
  }
  return items.length ? items[0].path : '/agenda';
}

function Header({ account, lang }) {
  const loc = useLocation();
  const items = navItems(account);
  const areas = [];
  for (const r of items) {
    let a = areas.find((x) => x.area === r.nav.area);
    if (!a) areas.push((a = { area: r.nav.area, items: [] }));
    a.items.push(r);
  }
  return (
    <header class="top">
      <a class="skip" href="#main">{t('shell.skip')}</a>
      <div class="brand"><Link href="/">serai</Link></div>
      <nav aria-label={t('shell.nav')} id="nav">
        {areas.map((a) => (
          <div class="nav-area" key={a.area}>
            <span class="nav-area-name">{tEnum('area', a.area)}</span>
            <ul>
              {a.items.map((r) => {
                const cur = loc.pathname === r.path || loc.pathname.startsWith(`${r.path}/`);
                return (
                  <li key={r.path}>
                    <Link href={r.path} aria-current={cur ? 'page' : undefined} data-testid={`nav-${r.path.replace(/\//g, '-').slice(1)}`}>
                      {t(r.nav.key)}
                    </Link>
                  </li>
                );
              })}
            </ul>
          </div>
        ))}
      </nav>
      <div class="session">
        <label for="lang" class="sr-only">{t('shell.language')}</label>
        <select id="lang" value={lang} onChange={(e) => setLang(e.currentTarget.value)}>
          {LANGS.map((l) => <option key={l} value={l}>{t(`lang.${l}`)}</option>)}
        </select>
        {account ? (
          <>
            <span id="whoami" data-testid="whoami">
              <span class="who-name">{account.name}</span>{' '}
              <span class="who-role">({tEnum('role', account.role)}{account.country ? ` · ${account.country}` : ''})</span>
            </span>
            <button type="button" id="logout" class="btn btn-secondary"
              onClick={async () => { await logout(); navigate('/login'); }}>
              {t('shell.logout')}
            </button>
          </>
        ) : (
          <Link href="/login" id="login-link" class="btn btn-secondary">{t('shell.login')}</Link>
        )}
      </div>
    </header>
  );
}

function NotFound() {
  return (
    <section class="card" data-testid="not-found">
      <h1>{t('shell.not_found')}</h1>
      <p><Link href="/">{t('shell.home')}</Link></p>
    </section>
  );
}

function Forbidden() {
  return (
    <section class="card" data-testid="forbidden">
      <h1>{t('shell.forbidden')}</h1>
      <p><Link href="/login">{t('shell.login')}</Link></p>
    </section>
  );
}

export function App() {
  const [account, setAccount] = useState(getAccount());
  const lang = useLang();
  const loc = useLocation();
  useEffect(() => onAuthChange(setAccount), []);

  let page;
  const path = loc.pathname;
  if (path === '/login' || (path === '/' && !account)) {
    page = <Login account={account} />;
  } else if (path === '/') {
    // signed in: go to the role's first page
    const to = homeFor(account);
    setTimeout(() => navigate(to, { replace: true }), 0);
    page = null;
  } else {
    const m = match(path);
    if (!m) page = <NotFound />;
    else if (!allowed(m.route, account)) page = account ? <Forbidden /> : <Login account={null} next={path + loc.search} />;
    else {
      const C = m.route.component;
      page = <C params={m.params} query={loc.query} account={account} />;
    }
  }
  useEffect(() => {
    const h = document.querySelector('main h1');
    document.title = h ? `${h.textContent} · serai` : 'serai';
  });
  return (
    <div class="app" data-lang={lang}>
      <Header account={account} lang={lang} />
      <main id="main" tabIndex={-1} key={`${lang}:${account ? account.id : 0}`}>{page}</main>
      <footer class="foot muted">{t('shell.footer')}</footer>
    </div>
  );
}
