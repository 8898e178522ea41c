import type { TestBrowser } from './test-browser';

/**
 * Walks the OIDC code flow the way a browser does, through the console's /oidc/start and the test
 * provider's own login and consent pages, and stops at the redirect back to the console: the callback
 * URL (with code and state) is returned, not yet visited, so tests can replay or tamper with it.
 */
export async function walkToCallback(
  browser: TestBrowser,
  consoleUrl: string,
  { login, next, prompt }: { login: string; next?: string; prompt?: string },
): Promise<URL> {
  const startUrl = new URL('/api/auth/oidc/start', consoleUrl);
  if (next !== undefined) startUrl.searchParams.set('next', next);
  if (prompt !== undefined) startUrl.searchParams.set('prompt', prompt);
  const start = await browser.request(startUrl);
  const authorize = start.headers.get('location');
  if (start.status !== 302 || authorize === null) throw new Error(`/oidc/start answered ${start.status}: ${await start.text()}`);

  const callbackPrefix = new URL('/api/auth/oidc/callback', consoleUrl).href;
  let { response, url } = await browser.follow(authorize, callbackPrefix);
  for (let step = 0; step < 5; step += 1) {
    if (url.href.startsWith(callbackPrefix)) return url;
    const page = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
    const promptName = /name="prompt" value="([^"]+)"/.exec(page)?.[1];
    if (action === undefined || promptName === undefined) throw new Error(`unexpected provider page at ${url.href}: ${page.slice(0, 300)}`);
    const form = new URLSearchParams({ prompt: promptName });
    if (promptName === 'login') {
      form.set('login', login);
      form.set('password', 'any password: the provider’s development login does not check it');
    }
    const submitted = await browser.request(new URL(action.replaceAll('&amp;', '&'), url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    const location = submitted.headers.get('location');
    if (location === null) throw new Error(`the provider answered ${submitted.status} to the ${promptName} form`);
    ({ response, url } = await browser.follow(new URL(location, url), callbackPrefix));
    if (url.href.startsWith(callbackPrefix)) return url;
  }
  throw new Error('the provider never redirected back to the console');
}
