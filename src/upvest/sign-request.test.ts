import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import vectors from './fixtures/upvest-vectors.json';
import { loadSigningKey, type SigningKey } from './private-key';
import { contentDigest, signRequest, SignRequestError, type SignableRequest } from './sign-request';

type Vector = (typeof vectors.vectors)[number];

const SIGNATURE_HEADERS = new Set(['signature-input', 'signature', 'upvest-signature-version']);

function vectorKey(vector: Vector): SigningKey {
  return loadSigningKey({ keyId: vector.key.keyId, pem: vector.key.privateKeyPem, passphrase: vector.key.passphrase });
}

/** The request as the vector sent it, minus what the signer itself writes. */
function vectorRequest(vector: Vector): SignableRequest {
  const url = vector.request.url;
  const target = url.slice(url.indexOf('/', 'https://'.length));
  const queryStart = target.indexOf('?');
  const headers = Object.fromEntries(
    Object.entries(vector.request.headers).filter(([name]) => !SIGNATURE_HEADERS.has(name)),
  );
  return {
    method: vector.request.method,
    path: queryStart === -1 ? target : target.slice(0, queryStart),
    query: queryStart === -1 ? '' : target.slice(queryStart),
    headers,
    ...(vector.request.body === null ? {} : { body: Buffer.from(vector.request.body, 'utf8') }),
  };
}

/** The component list as the vector's signature-input states it, parsed independently of the signer. */
function vectorComponents(vector: Vector): string[] {
  const match = /^sig1=\(([^)]*)\);/.exec(vector.request.headers['signature-input']);
  if (match?.[1] === undefined) throw new Error(`vector ${vector.name} has no component list`);
  return [...match[1].matchAll(/"([^"]+)"/g)].map((m) => m[1] ?? '');
}

function signatureBytes(signatureHeader: string): Buffer {
  const match = /^sig1=:([A-Za-z0-9+/=]+):$/.exec(signatureHeader);
  if (match?.[1] === undefined) throw new Error(`malformed signature header ${signatureHeader}`);
  return Buffer.from(match[1], 'base64');
}

function verifyBase(base: string, signatureHeader: string, publicKeyPem: string, algorithm: string): boolean {
  const digest = algorithm === 'ed25519' ? null : 'sha512';
  return verify(digest, Buffer.from(base), createPublicKey(publicKeyPem), signatureBytes(signatureHeader));
}

const byName = vectors.vectors.map((vector) => [vector.name, vector] as const);

describe('signRequest against Upvest vectors', () => {
  it.each(byName)('%s: reproduces the signature base and signature-input byte for byte', (_, vector) => {
    const signed = signRequest(vectorRequest(vector), {
      key: vectorKey(vector),
      created: vector.created,
      expires: vector.expires,
      nonce: vector.nonce,
      components: vectorComponents(vector),
    });
    expect(signed.signatureBase).toBe(vector.signatureBase);
    expect(signed.headers['signature-input']).toBe(vector.request.headers['signature-input']);
    expect(signed.headers['upvest-signature-version']).toBe('15');
    expect(verifyBase(vector.signatureBase, signed.headers.signature ?? '', vector.key.publicKeyPem, vector.algorithm)).toBe(true);
  });

  it.each(byName)('%s: the default component order matches the vector too', (_, vector) => {
    const signed = signRequest(vectorRequest(vector), {
      key: vectorKey(vector),
      created: vector.created,
      expires: vector.expires,
      nonce: vector.nonce,
    });
    expect(signed.signatureBase).toBe(vector.signatureBase);
  });

  it.each(byName)("%s: the vector's own signature verifies with its public key", (_, vector) => {
    expect(
      verifyBase(vector.signatureBase, vector.request.headers.signature, vector.key.publicKeyPem, vector.algorithm),
    ).toBe(true);
  });

  it('computes the content-digest of the token vector', () => {
    const token = vectors.vectors.find((vector) => vector.name === 'token');
    if (token === undefined || token.request.body === null) throw new Error('token vector with a body expected');
    expect(contentDigest(Buffer.from(token.request.body))).toBe(token.request.headers['content-digest']);
  });

  it('adds content-length and content-digest for a body when the request does not carry them', () => {
    const token = vectors.vectors.find((vector) => vector.name === 'token');
    if (token === undefined) throw new Error('token vector expected');
    const request = vectorRequest(token);
    const { 'content-length': _length, 'content-digest': _digest, ...headers } = request.headers;
    const signed = signRequest({ ...request, headers }, { key: vectorKey(token), created: token.created, expires: token.expires, nonce: token.nonce });
    expect(signed.headers['content-length']).toBe(token.request.headers['content-length']);
    expect(signed.headers['content-digest']).toBe(token.request.headers['content-digest']);
    expect(signed.signatureBase).toBe(token.signatureBase);
  });
});

describe('signRequest round trips', () => {
  const keys = [
    ['ECDSA P-256', generateKeyPairSync('ec', { namedCurve: 'P-256' })],
    ['ECDSA P-384', generateKeyPairSync('ec', { namedCurve: 'P-384' })],
    ['ECDSA P-521', generateKeyPairSync('ec', { namedCurve: 'P-521' })],
    ['Ed25519', generateKeyPairSync('ed25519')],
  ] as const;

  it.each(keys)('%s: a signature over a GET and a POST verifies with the public key', (description, pair) => {
    const key = loadSigningKey({ keyId: 'key-1', pem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() });
    expect(key.description).toBe(description);
    const requests: SignableRequest[] = [
      {
        method: 'get',
        path: '/users/a%20b/account_groups',
        query: '?sort=updated_at&limit=5',
        headers: { accept: 'application/json', authorization: 'Bearer t', 'upvest-client-id': 'c', 'user-agent': 'ua' },
      },
      {
        method: 'POST',
        path: '/auth/token',
        query: '',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'upvest-client-id': 'c' },
        body: Buffer.from('a=1&b=é'),
      },
    ];
    for (const request of requests) {
      const signed = signRequest(request, { key, created: 1_700_000_000, expires: 1_700_000_030, nonce: 'n-1' });
      const digest = key.algorithm === 'ecdsa' ? 'sha512' : null;
      const signature = signatureBytes(signed.headers.signature ?? '');
      expect(verify(digest, Buffer.from(signed.signatureBase), pair.publicKey, signature)).toBe(true);
      expect(verify(digest, Buffer.from(`${signed.signatureBase} `), pair.publicKey, signature)).toBe(false);
    }
  });
});

describe('signRequest rules', () => {
  const key = loadSigningKey({
    keyId: 'key-1',
    pem: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  });
  const params = { key, created: 1_795_694_400, expires: 1_795_694_430, nonce: 'nonce-1' };
  const get: SignableRequest = {
    method: 'GET',
    path: '/account_groups',
    query: '?limit=5',
    headers: {
      accept: 'application/json',
      authorization: 'Bearer secret-token',
      'upvest-api-version': '1',
      'upvest-client-id': 'client',
      'user-agent': 'console',
      'x-trace': 'abc',
    },
  };

  function components(signatureParams: string): string {
    return signatureParams.slice(0, signatureParams.indexOf(')') + 1);
  }

  it('covers @method upper-cased, @path, @query and the present headers in the fixed order, nothing else', () => {
    const signed = signRequest({ ...get, method: 'get' }, params);
    expect(components(signed.signatureParams)).toBe(
      '("@method" "@path" "@query" "accept" "authorization" "upvest-api-version" "upvest-client-id")',
    );
    expect(signed.signatureBase.split('\n')[0]).toBe('"@method": GET');
    expect(signed.signatureParams).toBe(
      `${components(signed.signatureParams)};keyid="key-1";created=1795694400;expires=1795694430;nonce="nonce-1"`,
    );
    expect(signed.signatureBase.endsWith(`"@signature-params": ${signed.signatureParams}`)).toBe(true);
    // Uncovered headers are still sent; nothing carries a content-digest without a body.
    expect(signed.headers['user-agent']).toBe('console');
    expect(signed.headers['content-digest']).toBeUndefined();
  });

  it('leaves @query out when there is no query', () => {
    const signed = signRequest({ ...get, query: '' }, params);
    expect(signed.signatureBase).not.toContain('@query');
  });

  it('covers a date header equal to created and refuses one that is not', () => {
    const date = new Date(params.created * 1000).toUTCString();
    expect(signRequest({ ...get, headers: { ...get.headers, date } }, params).signatureParams).toContain('"date"');
    expect(() => signRequest({ ...get, headers: { ...get.headers, date: 'Thu, 26 Nov 2026 12:00:01 GMT' } }, params)).toThrow(
      /date header must equal created/,
    );
  });

  it.each([
    [['@method', '@path', '@query', 'accept', 'authorization', 'upvest-api-version', 'upvest-client-id', 'content-type'], /"content-type" is not sent/],
    [['@method', '@path', '@query', 'accept', 'authorization', 'upvest-api-version', 'upvest-client-id', 'content-digest'], /"content-digest" is not sent/],
    [['@method', '@path', '@query', 'accept', 'authorization', 'upvest-api-version', 'upvest-client-id', 'user-agent'], /"user-agent" must never be covered/],
    [['@method', '@path', '@query', 'accept', 'authorization', 'upvest-api-version', 'upvest-client-id', 'x-trace'], /"x-trace" must never be covered/],
    [['@method', '@path', '@query', 'accept', 'authorization', 'upvest-api-version', 'upvest-client-id', 'host'], /"host" must never be covered/],
    [['@method', '@path', '@query', 'accept', 'authorization', 'upvest-api-version', 'upvest-client-id', 'upvest-signature-version'], /must never be covered/],
    [['@method', '@path', '@query', 'accept', 'authorization', 'upvest-api-version', 'upvest-client-id', '@authority'], /Unsupported derived component/],
    [['@method', '@path', '@query', 'accept', 'accept', 'authorization', 'upvest-api-version', 'upvest-client-id'], /listed twice/],
    [['@method', '@path', 'accept', 'authorization', 'upvest-api-version', 'upvest-client-id'], /must cover "@query"/],
    [['@method', '@path', '@query', 'accept', 'upvest-api-version', 'upvest-client-id'], /must cover "authorization"/],
  ])('refuses the explicit component list %j', (list, message) => {
    expect(() => signRequest(get, { ...params, components: list })).toThrow(message);
  });

  it('accepts a reordered explicit component list and signs in that order', () => {
    const list = ['upvest-client-id', '@path', '@query', 'accept', '@method', 'authorization', 'upvest-api-version'];
    const signed = signRequest(get, { ...params, components: list });
    expect(signed.signatureBase.split('\n').slice(0, -1).map((line) => line.slice(1, line.indexOf('"', 1)))).toEqual(list);
  });

  it('refuses a body on a GET: a GET can never carry a content-digest', () => {
    expect(() => signRequest({ ...get, headers: { ...get.headers, 'content-type': 'text/plain' }, body: new Uint8Array([1]) }, params)).toThrow(
      /GET request must not have a body/,
    );
    expect(() => signRequest({ ...get, headers: { ...get.headers, 'content-digest': contentDigest(new Uint8Array()) } }, params)).toThrow(
      /without a body must not carry content-digest/,
    );
  });

  it.each([
    ['a wrong content-length', { 'content-type': 'text/plain', 'content-length': '3' }, /content-length is 3 but the body has 2 bytes/],
    ['a stale content-digest', { 'content-type': 'text/plain', 'content-digest': 'sha-512=:AAAA:' }, /does not match the body/],
    ['no content-type', {}, /needs a content-type/],
  ])('refuses a body with %s', (_, extra, message) => {
    const post = { method: 'POST', path: '/auth/token', query: '', headers: { accept: 'application/json', ...extra }, body: Buffer.from('ab') };
    expect(() => signRequest(post, params)).toThrow(message);
  });

  it.each([
    ['an upper-case header name', { ...get, headers: { Accept: 'application/json' } }, /lower-case/],
    ['a value with a line break', { ...get, headers: { accept: 'a\n"@method": POST' } }, /without line breaks/],
    // Signed as UTF-8 but sent as latin1 by undici: the signature would not match what arrives.
    ['a value with non-ASCII text', { ...get, headers: { 'upvest-client-id': 'client-é' } }, /printable ASCII only/],
    ['a value with surrounding whitespace', { ...get, headers: { accept: ' application/json' } }, /surrounding whitespace/],
    ['a signature header of its own', { ...get, headers: { signature: 'sig1=:AA==:' } }, /signer writes the signature headers/],
    ['a path with a space', { ...get, path: '/account_groups/a b' }, /Invalid request path/],
    ['a path without a leading slash', { ...get, path: 'account_groups' }, /Invalid request path/],
    ['a path with a query', { ...get, path: '/account_groups?limit=1', query: '' }, /Invalid request path/],
    ['a query without "?"', { ...get, query: 'limit=1' }, /Invalid query/],
    ['a bare "?"', { ...get, query: '?' }, /Invalid query/],
    ['a method that is not a token', { ...get, method: 'GET /x' }, /Invalid HTTP method/],
  ])('refuses %s', (_, request, message) => {
    expect(() => signRequest(request, params)).toThrow(message);
  });

  it.each([
    ['expires not after created', { expires: params.created }],
    ['a fractional created', { created: 1.5 }],
    ['a nonce with a quote', { nonce: 'a"b' }],
    ['an empty nonce', { nonce: '' }],
  ])('refuses %s', (_, override) => {
    expect(() => signRequest(get, { ...params, ...override })).toThrow(SignRequestError);
  });

  it('never puts the authorization value into an error message', () => {
    try {
      signRequest({ ...get, headers: { ...get.headers, authorization: 'Bearer secret-token ' } }, params);
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).not.toContain('secret-token');
    }
  });
});
