/**
 * Header checks of Upvest's API that come after the signature: content negotiation, API version and
 * the bearer token's syntax.
 */

/** True when the accept header allows application/json (directly or by a wildcard with q > 0). */
export function acceptsJson(accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === '') return true;
  return accept.split(',').some((range) => {
    const [mediaType = '', ...parameters] = range.split(';').map((part) => part.trim().toLowerCase());
    const quality = parameters.find((parameter) => parameter.startsWith('q='));
    if (quality !== undefined && !(Number(quality.slice(2)) > 0)) return false;
    return mediaType === 'application/json' || mediaType === 'application/*' || mediaType === '*/*';
  });
}

export type ApiVersionCheck = { ok: true } | { ok: false; status: 400 | 426; detail: string };

/** `upvest-api-version` is optional; when sent it must be 1 (another major is retired: 426). */
export function checkApiVersion(value: string | undefined): ApiVersionCheck {
  if (value === undefined || value === '1') return { ok: true };
  if (/^\d{1,6}$/.test(value)) {
    return { ok: false, status: 426, detail: `upvest-api-version ${value} is not supported; the only supported version is 1` };
  }
  return { ok: false, status: 400, detail: 'upvest-api-version must be 1 (without quotation marks)' };
}

export type BearerParse = { ok: true; token: string } | { ok: false; detail: string };

export function parseBearer(authorization: string | undefined): BearerParse {
  if (authorization === undefined || authorization.trim() === '') return { ok: false, detail: 'Missing bearer token (authorization header)' };
  const match = /^Bearer +(\S+)$/i.exec(authorization.trim());
  if (match?.[1] === undefined) return { ok: false, detail: 'authorization must be "Bearer <access token>"' };
  return { ok: true, token: match[1] };
}
