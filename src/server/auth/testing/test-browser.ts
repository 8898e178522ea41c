/**
 * Just enough of a browser for server tests of sign-in: a cookie jar per host (paths respected, Max-Age=0
 * deletes) and requests that never follow redirects by themselves, so each hop can be looked at or tampered with.
 */

interface StoredCookie {
  value: string;
  path: string;
}

export class TestBrowser {
  private readonly jars = new Map<string, Map<string, StoredCookie>>();
  /** Every Set-Cookie header received, as sent, for asserting flags. */
  readonly setCookieHeaders: string[] = [];

  async request(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const target = new URL(url);
    const headers = new Headers(init.headers);
    const cookieHeader = this.cookieHeaderFor(target);
    if (cookieHeader !== '' && !headers.has('cookie')) headers.set('cookie', cookieHeader);
    if (!headers.has('accept')) headers.set('accept', 'text/html,application/json;q=0.9');
    const response = await fetch(target, { ...init, headers, redirect: 'manual' });
    for (const header of response.headers.getSetCookie()) this.store(target, header);
    return response;
  }

  /** Follows redirects while they stay away from `stopAt` (a URL prefix); returns the first response that leaves or stops. */
  async follow(url: string | URL, stopAt: string): Promise<{ response: Response; url: URL }> {
    let current = new URL(url);
    for (let hops = 0; hops < 20; hops += 1) {
      const response = await this.request(current);
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || location === null) return { response, url: current };
      const nextUrl = new URL(location, current);
      await response.body?.cancel();
      if (nextUrl.href.startsWith(stopAt)) return { response, url: nextUrl };
      current = nextUrl;
    }
    throw new Error(`too many redirects from ${String(url)}`);
  }

  cookie(host: string, name: string): string | undefined {
    return this.jars.get(host)?.get(name)?.value;
  }

  setCookie(host: string, name: string, value: string, path = '/'): void {
    this.jar(host).set(name, { value, path });
  }

  deleteCookie(host: string, name: string): void {
    this.jars.get(host)?.delete(name);
  }

  private cookieHeaderFor(url: URL): string {
    const jar = this.jars.get(url.hostname);
    if (jar === undefined) return '';
    return [...jar]
      .filter(([, cookie]) => url.pathname === cookie.path || url.pathname.startsWith(cookie.path.endsWith('/') ? cookie.path : `${cookie.path}/`))
      .map(([name, cookie]) => `${name}=${cookie.value}`)
      .join('; ');
  }

  private store(url: URL, header: string): void {
    this.setCookieHeaders.push(header);
    const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
    const equals = pair.indexOf('=');
    const name = pair.slice(0, equals);
    const value = pair.slice(equals + 1);
    let path = '/';
    let expired = value === '';
    for (const attribute of attributes) {
      const [key = '', attributeValue = ''] = attribute.split('=');
      if (key.toLowerCase() === 'path') path = attributeValue;
      if (key.toLowerCase() === 'max-age' && Number(attributeValue) <= 0) expired = true;
      if (key.toLowerCase() === 'expires' && Date.parse(attributeValue) < Date.now()) expired = true;
    }
    if (expired) this.jar(url.hostname).delete(name);
    else this.jar(url.hostname).set(name, { value, path });
  }

  private jar(host: string): Map<string, StoredCookie> {
    let jar = this.jars.get(host);
    if (jar === undefined) {
      jar = new Map();
      this.jars.set(host, jar);
    }
    return jar;
  }
}

/** The attributes of a Set-Cookie header, lower-cased names (`httponly`, `samesite`, `secure`, `path`, ...). */
export function cookieAttributes(header: string): Map<string, string> {
  const [, ...attributes] = header.split(';').map((part) => part.trim());
  return new Map(
    attributes.map((attribute) => {
      const [key = '', value = ''] = attribute.split('=');
      return [key.toLowerCase(), value];
    }),
  );
}
