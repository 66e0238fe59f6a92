// a11y.spec.mjs -- an accessibility audit of every page reachable from the
// navigation: signed out (the login page and the public pages), as the
// secretariat and as the delegate, in English and (the login page and one
// page per area) in Chinese.  On each page:
//   - every rendered input, select, textarea and button has an accessible
//     name (aria-label, aria-labelledby, label[for], a wrapping label, a
//     title; text content or value for buttons);
//   - every image used as content (img, [role=img], an svg not hidden from
//     assistive technology, a chart container) has an accessible name;
//   - the navigation is reachable with Tab and the focused link shows a
//     visible focus indicator (a computed outline or box-shadow);
//   - the text contrast of body text, navigation links, buttons, table
//     headers, labels and muted text is at least 4.5:1 against the
//     effective background.
import { uiLogin, must } from './_w2util.mjs';

// Runs in the page: returns a list of findings (strings).
function audit() {
  const out = [];
  const visible = (el) => {
    if (!el.getClientRects().length) return false;
    const cs = getComputedStyle(el);
    return cs.visibility !== 'hidden' && cs.display !== 'none';
  };
  const hiddenFromAT = (el) => !!el.closest('[aria-hidden="true"]');
  const describe = (el) => {
    const id = el.id ? `#${el.id}` : '';
    const tid = el.getAttribute('data-testid');
    const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
    return `${el.tagName.toLowerCase()}${id}${tid ? `[data-testid=${tid}]` : ''}${cls}${el.type ? `[type=${el.type}]` : ''}`;
  };
  const byIds = (ids) => ids.split(/\s+/).map((i) => document.getElementById(i)).filter(Boolean)
    .map((e) => e.textContent.trim()).join(' ').trim();
  const nameOf = (el) => {
    const al = (el.getAttribute('aria-label') || '').trim();
    if (al) return al;
    const lb = el.getAttribute('aria-labelledby');
    if (lb && byIds(lb)) return byIds(lb);
    if (el.id) {
      const l = document.querySelector(`label[for="${CSS.escape(el.id)}"]`);
      if (l && l.textContent.trim()) return l.textContent.trim();
    }
    const wrap = el.closest('label');
    if (wrap && wrap.textContent.trim()) return wrap.textContent.trim();
    if (el.tagName === 'BUTTON' && el.textContent.trim()) return el.textContent.trim();
    if (el.tagName === 'INPUT' && ['submit', 'button', 'reset'].includes(el.type) && el.value) return el.value;
    const title = (el.getAttribute('title') || '').trim();
    if (title) return title;
    return '';
  };

  const counts = { controls: 0, images: 0, contrast: 0 };
  // 1. controls
  for (const el of document.querySelectorAll('input, select, textarea, button')) {
    if (el.type === 'hidden' || !visible(el) || hiddenFromAT(el)) continue;
    counts.controls++;
    if (!nameOf(el)) out.push(`control without an accessible name: ${describe(el)}`);
  }

  // 2. images and charts
  for (const el of document.querySelectorAll('img')) {
    if (!visible(el) || hiddenFromAT(el)) continue;
    if (el.getAttribute('alt') === null && !nameOf(el)) out.push(`img without alt: ${describe(el)}`);
  }
  for (const el of document.querySelectorAll('[role=img]')) {
    if (!visible(el) || hiddenFromAT(el)) continue;
    counts.images++;
    if (!nameOf(el)) out.push(`role=img without a name: ${describe(el)}`);
  }
  for (const el of document.querySelectorAll('svg')) {
    if (!visible(el) || hiddenFromAT(el)) continue;
    if (el.closest('[role=img]')) continue; // inside a named chart container
    const title = el.querySelector(':scope > title');
    if (!nameOf(el) && !(title && title.textContent.trim())) out.push(`svg without a name: ${describe(el)}`);
  }
  for (const fig of document.querySelectorAll('figure.chart, [_echarts_instance_]')) {
    if (!visible(fig)) continue;
    const c = fig.matches('[role=img]') ? fig : fig.querySelector('[role=img]') || fig.closest('[role=img]');
    if (!c || !nameOf(c)) out.push(`chart without role=img and a name: ${describe(fig)}`);
  }

  // 3. contrast
  const parse = (s) => {
    const m = /rgba?\(([^)]+)\)/.exec(s || '');
    if (!m) return null;
    const p = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  };
  const blend = (top, under) => ({
    r: top.r * top.a + under.r * (1 - top.a),
    g: top.g * top.a + under.g * (1 - top.a),
    b: top.b * top.a + under.b * (1 - top.a),
    a: 1,
  });
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) {
        layers.push(c);
        if (c.a >= 1) break;
      }
    }
    let bg = { r: 255, g: 255, b: 255, a: 1 };
    for (let i = layers.length - 1; i >= 0; i--) bg = blend(layers[i], bg);
    return bg;
  };
  const lum = ({ r, g, b }) => {
    const f = (v) => {
      const x = v / 255;
      return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const ratio = (a, b) => {
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const samples = [
    ...document.querySelectorAll('body, main p, #nav a, .nav-area-name, button:not(:disabled), a.btn, th, label, .muted, .badge, #whoami, td'),
  ].filter((el) => visible(el) && el.textContent.trim()).slice(0, 400);
  const seen = new Set();
  for (const el of samples) {
    counts.contrast++;
    const cs = getComputedStyle(el);
    const bg = background(el);
    const fg0 = parse(cs.color);
    if (!fg0) continue;
    const fg = fg0.a < 1 ? blend(fg0, bg) : fg0;
    const r = ratio(fg, bg);
    if (r < 4.5) {
      const key = `${describe(el)} ${cs.color} on ${JSON.stringify(bg)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(`contrast ${r.toFixed(2)}:1 < 4.5:1: ${describe(el)} "${el.textContent.trim().slice(0, 30)}" ${cs.color} on rgb(${Math.round(bg.r)},${Math.round(bg.g)},${Math.round(bg.b)})`);
    }
  }
  return { out, counts };
}

// Tab from the top of the page until a link of the navigation has the
// focus; then the focus indicator must be visible.
async function tabToNav(page) {
  await page.evaluate(() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); });
  await page.locator('body').focus().catch(() => {});
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    const r = await page.evaluate(() => {
      const a = document.activeElement;
      if (!a || !a.closest('#nav')) return null;
      const cs = getComputedStyle(a);
      const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0;
      const shadow = cs.boxShadow && cs.boxShadow !== 'none';
      return { text: a.textContent.trim(), outline, shadow, style: `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor} / ${cs.boxShadow}` };
    });
    if (r) {
      must(r.outline || r.shadow, `focused nav link "${r.text}" has no visible focus indicator (${r.style})`);
      return i + 1;
    }
  }
  throw new Error('the navigation is not reachable with Tab within 12 presses');
}

async function settle(page) {
  await page.locator('main#main').waitFor();
  // loaded: no progress indicator left in the page (or 10 s passed)
  await page.waitForFunction(() => !document.querySelector('main [data-testid=progress], main [aria-busy=true]'),
    null, { timeout: 10_000 }).catch(() => {});
  await page.waitForTimeout(300);
}

async function setLang(page, lang) {
  await page.selectOption('#lang', lang);
  await page.waitForFunction((l) => document.querySelector('.app') && document.querySelector('.app').dataset.lang === l, lang);
}

async function navPaths(page) {
  return page.$$eval('#nav a[href]', (as) => as.map((a) => a.getAttribute('href')));
}

async function auditPage(page, base, path, findings, tag) {
  await page.goto(`${base}${path}`, { waitUntil: 'domcontentloaded' });
  await settle(page);
  const { out, counts } = await page.evaluate(audit);
  for (const f of out) findings.push(`[${tag}] ${path}: ${f}`);
  findings.checked = findings.checked || [];
  findings.checked.push(`${tag}${path}:${counts.controls}/${counts.images}/${counts.contrast}`);
  try {
    await tabToNav(page);
  } catch (e) {
    findings.push(`[${tag}] ${path}: ${e.message}`);
  }
}

function report(findings) {
  console.error(`     a11y checked (page:controls/images/contrast samples) ${(findings.checked || []).join(' ')}`);
  must(findings.length === 0, `accessibility findings (${findings.length}):\n      ${findings.join('\n      ')}`);
}

// The first nav entry of every area, for the Chinese pass.
async function firstPerArea(page) {
  return page.$$eval('#nav .nav-area', (areas) => areas.map((a) => a.querySelector('a[href]').getAttribute('href')));
}

export async function signedOut({ page, base, screenshot }) {
  const findings = [];
  await auditPage(page, base, '/login', findings, 'en');
  for (const p of await navPaths(page)) await auditPage(page, base, p, findings, 'en');
  await page.goto(`${base}/login`, { waitUntil: 'domcontentloaded' });
  await setLang(page, 'zh');
  await auditPage(page, base, '/login', findings, 'zh');
  await screenshot('login-zh');
  for (const p of await firstPerArea(page)) await auditPage(page, base, p, findings, 'zh');
  report(findings);
}

// Pages one click away from the navigation (demo data), by role.
const DEEPER = {
  secretariat: ['/delegate/processes/1', '/delegate/processes/1/tally', '/secretariat/calls/2/review',
    '/secretariat/calls/3/selection', '/secretariat/calls/3/grants', '/fund/1', '/exchange/events/1'],
  delegate: ['/delegate/processes/1', '/delegate/processes/1/tally', '/delegate/issues/1'],
};

async function signedIn(page, base, account, screenshot) {
  const findings = [];
  await uiLogin(page, base, account);
  const paths = await navPaths(page);
  must(paths.length > 0, 'no navigation entries');
  for (const p of [...paths, ...(DEEPER[account.role] || [])]) await auditPage(page, base, p, findings, 'en');
  await setLang(page, 'zh');
  for (const p of await firstPerArea(page)) await auditPage(page, base, p, findings, 'zh');
  await screenshot('zh');
  await setLang(page, 'en');
  report(findings);
}

export async function secretariat({ page, base, accounts, screenshot }) {
  await signedIn(page, base, accounts.secretariat, screenshot);
}

export async function delegate({ page, base, accounts, screenshot }) {
  await signedIn(page, base, accounts.delegate, screenshot);
}
