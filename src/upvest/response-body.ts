import type { z } from 'zod/mini';

/**
 * Reads a JSON success body with a domain schema. The failure reason names where the body went wrong
 * (the first zod issue's path and code), never what it contained: a body can hold an access token.
 */

export type BodyParseResult<T> = { readonly ok: true; readonly data: T } | { readonly ok: false; readonly reason: string };

export function parseJsonBody<S extends z.ZodMiniType>(body: Uint8Array, schema: S): BodyParseResult<z.output<S>> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(body).toString('utf8'));
  } catch {
    // The SyntaxError's message quotes the body, so it is dropped.
    return { ok: false, reason: body.byteLength === 0 ? 'the body is empty' : 'the body is not valid JSON' };
  }
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, data: result.data };
  const issue = result.error.issues[0];
  if (issue === undefined) return { ok: false, reason: 'the body does not match the expected shape' };
  return { ok: false, reason: `unexpected shape at ${formatPath(issue.path)} (${issue.code})` };
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path
    .map((segment, index) => {
      if (typeof segment === 'number') return `[${segment}]`;
      const name = String(segment).replace(/[^\w-]/g, '?').slice(0, 40);
      return index === 0 ? name : `.${name}`;
    })
    .join('');
}
