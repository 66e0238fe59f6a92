// Fetch wrapper for /api/v1: adds the Bearer token kept in sessionStorage,
// sends and parses JSON, and turns RFC 9457 problem details into ApiError.
const TOKEN_KEY = 'serai.token';
const ACCOUNT_KEY = 'serai.account';
export const API_BASE = '/api/v1';

export class ApiError extends Error {
  constructor(problem, status) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.type = problem.type;
    this.title = problem.title;
    this.detail = problem.detail;
    this.pointer = problem.pointer;
    this.parameter = problem.parameter;
    this.requestId = problem.request_id;
    this.problem = problem;
  }
}

export function getToken() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function getAccount() {
  try {
    return JSON.parse(sessionStorage.getItem(ACCOUNT_KEY) || 'null');
  } catch {
    return null;
  }
}

const listeners = new Set();
export function onAuthChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function setSession(token, account) {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
  if (account) sessionStorage.setItem(ACCOUNT_KEY, JSON.stringify(account));
  else sessionStorage.removeItem(ACCOUNT_KEY);
  listeners.forEach((fn) => fn(account || null));
}

/** Build a query string from an object, skipping null/undefined/''. */
export function qs(params) {
  if (!params) return '';
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === null || v === undefined || v === '') continue;
    u.set(k, String(v));
  }
  const s = u.toString();
  return s ? `?${s}` : '';
}

/**
 * api(path, {method, body, query, raw}) — path relative to /api/v1
 * ('/agenda-processes'). Resolves to parsed JSON (or null for 204), or the
 * Response itself when raw is true. Rejects with ApiError.
 */
export async function api(path, opts = {}) {
  const { method = 'GET', body, query, raw = false, headers = {} } = opts;
  const h = { Accept: 'application/json', ...headers };
  const token = getToken();
  if (token) h.Authorization = `Bearer ${token}`;
  let payload;
  if (body !== undefined) {
    if (typeof body === 'string') {
      payload = body;
    } else {
      h['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
  }
  let res;
  try {
    res = await fetch(API_BASE + path + qs(query), { method, headers: h, body: payload });
  } catch (e) {
    throw new ApiError({ title: 'Network error', detail: String(e.message || e) }, 0);
  }
  if (res.status === 401 && token && path !== '/auth/login') {
    // Session expired or revoked: forget it.
    setSession(null, null);
  }
  if (!res.ok) {
    let problem = { title: res.statusText, status: res.status };
    try {
      const ct = res.headers.get('Content-Type') || '';
      if (ct.includes('json')) problem = await res.json();
      else problem.detail = await res.text();
    } catch { /* keep the status text */ }
    throw new ApiError(problem, res.status);
  }
  if (raw) return res;
  if (res.status === 204) return null;
  const ct = res.headers.get('Content-Type') || '';
  if (ct.includes('json')) return res.json();
  return res.text();
}

api.get = (path, query) => api(path, { query });
api.post = (path, body, query) => api(path, { method: 'POST', body: body ?? {}, query });
api.put = (path, body) => api(path, { method: 'PUT', body: body ?? {} });
api.patch = (path, body) => api(path, { method: 'PATCH', body: body ?? {} });
api.del = (path) => api(path, { method: 'DELETE' });

/** Fetch every page of a list endpoint ({items, next}). */
// Lists that are one short page by nature and take no limit or cursor:
// asked once, without the paging parameters.
const ONE_PAGE = [/^\/agenda-processes$/, /^\/agenda-processes\/\d+\/(issues|ballots)$/,
                  /^\/events$/, /^\/funds$/];

export async function apiAll(path, query = {}, max = 5000) {
  if (ONE_PAGE.some((re) => re.test(path))) {
    const page = await api(path, { query });
    return page.items || [];
  }
  const items = [];
  let cursor = null;
  do {
    let page;
    try {
      page = await api(path, { query: { ...query, limit: 500, cursor } });
    } catch (e) {
      // some lists are one page and refuse limit/cursor
      if (e instanceof ApiError && e.status === 400 && (e.parameter === 'limit' || e.parameter === 'cursor') && !cursor) {
        page = await api(path, { query });
        return page.items || [];
      }
      throw e;
    }
    items.push(...(page.items || []));
    cursor = page.next;
  } while (cursor && items.length < max);
  return items;
}

export async function login(email, password) {
  const r = await api('/auth/login', { method: 'POST', body: { email, password } });
  setSession(r.token, r.account);
  return r.account;
}

export async function logout() {
  try {
    await api('/auth/logout', { method: 'POST', body: {} });
  } catch { /* already gone */ }
  setSession(null, null);
}

/**
 * Download a file from the API with the token (exports, statements,
 * iCalendar): fetches it as a Blob and saves it through a temporary link.
 */
export async function download(path, query, fallbackName = 'download') {
  const res = await api(path, { query, raw: true, headers: { Accept: '*/*' } });
  const cd = res.headers.get('Content-Disposition') || '';
  const m = /filename="?([^";]+)"?/.exec(cd);
  const name = m ? m[1] : fallbackName;
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  return name;
}
