// Helpers shared by the public, delegate, fund and exchange specs.
export async function uiLogin(page, base, account) {
  await page.goto(`${base}/login`, { waitUntil: 'domcontentloaded' });
  await page.locator('#login-email').fill(account.email);
  await page.locator('#login-password').fill(account.password);
  await page.locator('#login-submit').click();
  await page.locator('#whoami').waitFor({ state: 'visible' });
}

export async function waitText(page, selector, text) {
  await page.waitForFunction(
    ([s, x]) => [...document.querySelectorAll(s)].some((e) => e.textContent.includes(x)),
    [selector, text],
  );
}

export function must(cond, msg) {
  if (!cond) throw new Error(msg);
}
