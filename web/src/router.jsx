// A tiny History-API router. Routes are collected from every
// src/pages/**/routes.js, whose default export is an array of
//   {path: '/agenda/:id', component, roles: ['public', 'delegate', ...],
//    nav: {key: 'nav.agenda', area: 'public', order: 10}}
// `roles` lists who may open the page: 'public' = anyone (signed in or not),
// 'any' = any signed-in account, otherwise account roles. `nav` (optional)
// puts a link in the header menu for those roles.
import { useEffect, useState } from 'preact/hooks';

const modules = import.meta.glob('./pages/**/routes.js', { eager: true });

function compile(path) {
  const keys = [];
  const re = path
    .replace(/\/+$/, '')
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/\/:(\w+)/g, (_, k) => {
      keys.push(k);
      return '/([^/]+)';
    });
  return { re: new RegExp(`^${re || ''}/?$`), keys };
}

export const routes = Object.entries(modules)
  .flatMap(([file, m]) => (m.default || []).map((r) => ({ ...r, file, ...compile(r.path) })))
  // static paths before parameterised ones
  .sort((a, b) => a.keys.length - b.keys.length);

export function match(pathname) {
  for (const r of routes) {
    const m = r.re.exec(pathname);
    if (m) {
      const params = {};
      r.keys.forEach((k, i) => { params[k] = decodeURIComponent(m[i + 1]); });
      return { route: r, params };
    }
  }
  return null;
}

export function allowed(route, account) {
  const roles = route.roles || ['public'];
  if (roles.includes('public')) return true;
  if (!account) return false;
  return roles.includes('any') || roles.includes(account.role);
}

const listeners = new Set();

export function navigate(to, { replace = false } = {}) {
  if (to === location.pathname + location.search) return;
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  listeners.forEach((fn) => fn());
  window.scrollTo(0, 0);
}

window.addEventListener('popstate', () => listeners.forEach((fn) => fn()));

/** Hook: the current {pathname, search, query} — re-renders on navigation. */
export function useLocation() {
  const [, set] = useState(0);
  useEffect(() => {
    const fn = () => set((n) => n + 1);
    listeners.add(fn);
    return () => listeners.delete(fn);
  }, []);
  return {
    pathname: location.pathname,
    search: location.search,
    query: Object.fromEntries(new URLSearchParams(location.search)),
  };
}

/** Update the query string without a new history entry (filters). */
export function setQuery(params) {
  const u = new URLSearchParams(location.search);
  for (const [k, v] of Object.entries(params)) {
    if (v === null || v === undefined || v === '') u.delete(k);
    else u.set(k, v);
  }
  const s = u.toString();
  navigate(location.pathname + (s ? `?${s}` : ''), { replace: true });
}

/** <Link href="/x"> — a real <a> that navigates without reloading. */
export function Link({ href, children, ...rest }) {
  const onClick = (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    if (rest.target || rest.download) return;
    e.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={onClick} {...rest}>{children}</a>;
}
