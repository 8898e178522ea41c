/**
 * The pieces every settings reader shares (config.ts, auth/auth-settings.ts): the error that names the
 * setting, whole numbers in a range, URLs that must be https unless they point at this machine, and what
 * counts as this machine.
 */

export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(`${setting}: ${message}`);
    this.name = 'ConfigError';
  }
}

export type ReadSetting = (name: string) => string | undefined;

/** Host names only this machine can reach (URL hostnames write IPv6 in brackets; HOST does not). */
export const LOOPBACK_HOSTNAMES = ['127.0.0.1', 'localhost', '::1', '[::1]'] as const;

export function isLoopbackHostname(hostname: string): boolean {
  return (LOOPBACK_HOSTNAMES as readonly string[]).includes(hostname.toLowerCase());
}

/** A Host header (`name[:port]`, IPv6 in brackets) naming this machine. */
export function isLoopbackHostHeader(host: string): boolean {
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : (host.split(':', 1)[0] ?? '');
  return isLoopbackHostname(name);
}

export function readInteger(read: ReadSetting, name: string, fallback: number, min: number, max: number): number {
  const raw = read(name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number from ${min} to ${max}; got "${raw}".`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `must be from ${min} to ${max}; got ${value}.`);
  return value;
}

/** An https URL, or plain http for something on this machine (the sandbox, a test identity provider). */
export function readSecureUrl(name: string, raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, `is not a URL: "${raw}".`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHostname(url.hostname))) {
    throw new ConfigError(name, 'must use https (plain http is allowed only on a loopback address).');
  }
  if (url.hash !== '' || url.username !== '' || url.password !== '') {
    throw new ConfigError(name, 'must not carry a fragment or credentials.');
  }
  return url;
}
