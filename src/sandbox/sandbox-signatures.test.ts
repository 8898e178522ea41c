import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from './sandbox';
import { jsonOf, sendRaw, type RawRequest, type RawResponse } from './testing/raw-http';
import { contentDigest, signatureBase, signatureParams, signedHeaders } from './testing/test-signer';
import { loadUpvestVectors, targetOf, type UpvestVector } from './testing/upvest-vectors';

const fixture = loadUpvestVectors();
const vectorNamed = (name: string): UpvestVector => {
  const vector = fixture.vectors.find((candidate) => candidate.name === name);
  if (vector === undefined) throw new Error(`no vector ${name}`);
  return vector;
};
const tokenVector = vectorNamed('token');
const listVector = vectorNamed('list-default');
const p521Vector = vectorNamed('list-p521');
const clientSecret = new URLSearchParams(tokenVector.request.body ?? '').get('client_secret') ?? '';
const createdMs = listVector.created * 1000;
const RETRIEVED_GROUP_ID = targetOf(vectorNamed('retrieve-one')).split('/').pop() ?? '';
const OTHER_CLIENT = { clientId: 'other-client', clientSecret: 'other-secret', scopes: ['accounts:read'] };

function privateKeyOf(vector: UpvestVector): KeyObject {
  return createPrivateKey({ key: vector.key.privateKeyPem, passphrase: vector.key.passphrase });
}

function asSent(vector: UpvestVector): RawRequest {
  return { method: vector.request.method, target: targetOf(vector), headers: vector.request.headers, body: vector.request.body };
}

function problemDetail(response: RawResponse): string {
  const body = jsonOf(response) as { detail?: string };
  return body.detail ?? '';
}

async function startVectorSandbox(): Promise<RunningSandbox> {
  const keys = fixture.vectors.map((vector) => ({ keyId: vector.key.keyId, publicKey: vector.key.publicKeyPem }));
  const sandbox = await startSandbox({
    clients: [{ clientId: fixture.clientId, clientSecret, scopes: ['accounts:read'] }],
    keys: keys.filter((key, index) => keys.findIndex((other) => other.publicKey === key.publicKey) === index),
    accountGroups: 300,
    now: () => createdMs,
    controlPort: null,
  });
  sandbox.control.registerToken({ access_token: fixture.accessToken, client_id: fixture.clientId, scopes: ['accounts:read'] });
  sandbox.control.createGroup({ id: RETRIEVED_GROUP_ID, status: 'ACTIVE' });
  return sandbox;
}

describe('Upvest signing vectors', () => {
  let sandbox: RunningSandbox;

  beforeAll(async () => {
    sandbox = await startVectorSandbox();
  });
  afterAll(() => sandbox.close());

  it('reproduces every vector signature base with the test signer (so the signer used below is sound)', () => {
    for (const vector of fixture.vectors) {
      const input = vector.request.headers['signature-input'] ?? '';
      const components = [...(/^sig1=\(([^)]*)\)/.exec(input)?.[1] ?? '').matchAll(/"([^"]+)"/g)].map((match) => match[1] ?? '');
      const params = signatureParams(components, vector.key.keyId, vector.created, vector.expires, vector.nonce);
      expect(`sig1=${params}`).toBe(input);
      expect(signatureBase({ method: vector.request.method, target: targetOf(vector), headers: vector.request.headers, components }, params)).toBe(
        vector.signatureBase,
      );
    }
  });

  it.each(fixture.vectors.map((vector) => [vector.name, vector] as const))('accepts vector %s as sent, over HTTP', async (_name, vector) => {
    const response = await sendRaw(sandbox.url, asSent(vector));
    expect(response.status, response.text).toBe(200);
    expect(response.headers['upvest-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    if (vector.name === 'token') {
      expect(jsonOf(response)).toMatchObject({ token_type: 'bearer', expires_in: 1800, scope: 'accounts:read' });
    } else if (vector.name === 'retrieve-one') {
      expect(jsonOf(response)).toMatchObject({ id: RETRIEVED_GROUP_ID, status: 'ACTIVE' });
    } else {
      const limit = Number(new URL(vector.request.url).searchParams.get('limit'));
      expect((jsonOf(response) as { data: unknown[] }).data).toHaveLength(Math.min(limit, 301));
    }
  });

  it('refuses a vector replayed as is (its nonce was used)', async () => {
    const response = await sendRaw(sandbox.url, asSent(listVector));
    expect(response.status).toBe(401);
    expect(problemDetail(response)).toMatch(/nonce has already been used/);
  });
});

describe('Upvest signing vectors sent with undici', () => {
  let sandbox: RunningSandbox;

  beforeAll(async () => {
    sandbox = await startVectorSandbox();
  });
  afterAll(() => sandbox.close());

  it.each(fixture.vectors.map((vector) => [vector.name, vector] as const))('accepts vector %s', async (_name, vector) => {
    const response = await request(`${sandbox.url}${targetOf(vector)}`, {
      method: vector.request.method as 'GET' | 'POST',
      headers: vector.request.headers,
      ...(vector.request.body === null ? {} : { body: vector.request.body }),
    });
    const text = await response.body.text();
    expect(response.statusCode, text).toBe(200);
  });
});

describe('strict signature verification, one broken rule at a time', () => {
  let sandbox: RunningSandbox;
  const nowSeconds = listVector.created;

  beforeAll(async () => {
    sandbox = await startSandbox({
      clients: [{ clientId: fixture.clientId, clientSecret, scopes: ['accounts:read'] }, OTHER_CLIENT],
      // EC keys only: with an Ed25519 key under the same ID, 64 bytes could be either algorithm.
      keys: [listVector, p521Vector].map((vector) => ({ keyId: vector.key.keyId, publicKey: vector.key.publicKeyPem })),
      accountGroups: 50,
      now: () => createdMs,
      maxSignatureWindowSeconds: 120,
      controlPort: null,
    });
    sandbox.control.registerToken({ access_token: fixture.accessToken, client_id: fixture.clientId, scopes: ['accounts:read'] });
  });
  afterAll(() => sandbox.close());

  interface Variant {
    readonly vector?: UpvestVector;
    readonly method?: string;
    readonly target?: string;
    /** Header edits before signing; null removes the header. */
    readonly headers?: Readonly<Record<string, string | null>>;
    readonly body?: string | null;
    readonly components?: readonly string[];
    readonly created?: number;
    readonly expires?: number;
    readonly nonce?: string | null;
    readonly keyId?: string;
    readonly label?: string;
    readonly privateKey?: KeyObject;
    readonly dsaEncoding?: 'der' | 'ieee-p1363';
    /** Header edits after signing (tampering); null removes the header. */
    readonly after?: Readonly<Record<string, string | null>>;
    /** Target actually sent, when it differs from the signed one. */
    readonly sentTarget?: string;
  }

  function componentsOf(vector: UpvestVector): string[] {
    const input = vector.request.headers['signature-input'] ?? '';
    return [...(/^sig1=\(([^)]*)\)/.exec(input)?.[1] ?? '').matchAll(/"([^"]+)"/g)].map((match) => match[1] ?? '');
  }

  function send(variant: Variant): Promise<RawResponse> {
    const vector = variant.vector ?? listVector;
    const headers = applyEdits(
      Object.fromEntries(
        Object.entries(vector.request.headers).filter(([name]) => !['signature', 'signature-input', 'upvest-signature-version'].includes(name)),
      ),
      variant.headers ?? {},
    );
    const target = variant.target ?? targetOf(vector);
    const created = variant.created ?? nowSeconds;
    const signed = signedHeaders({
      method: variant.method ?? vector.request.method,
      target,
      headers,
      components: variant.components ?? componentsOf(vector),
      keyId: variant.keyId ?? vector.key.keyId,
      privateKey: variant.privateKey ?? privateKeyOf(vector),
      created,
      expires: variant.expires ?? created + 60,
      ...(variant.nonce === undefined ? {} : { nonce: variant.nonce }),
      ...(variant.label === undefined ? {} : { label: variant.label }),
      ...(variant.dsaEncoding === undefined ? {} : { dsaEncoding: variant.dsaEncoding }),
    });
    const body = variant.body === undefined ? vector.request.body : variant.body;
    return sendRaw(sandbox.url, {
      method: variant.method ?? vector.request.method,
      target: variant.sentTarget ?? target,
      headers: applyEdits(signed, variant.after ?? {}),
      body,
    });
  }

  async function expectRefused(variant: Variant, detail: RegExp): Promise<void> {
    const response = await send(variant);
    expect(response.status, response.text).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = jsonOf(response) as Record<string, unknown>;
    expect(problem).toMatchObject({ status: 401, request_id: response.headers['upvest-request-id'] });
    expect(problem.detail).toMatch(detail);
  }

  it('accepts a correctly re-signed variant (the baseline every test below breaks)', async () => {
    expect((await send({})).status).toBe(200);
    expect((await send({ vector: tokenVector })).status).toBe(200);
    expect((await send({ vector: p521Vector })).status).toBe(200);
  });

  it('refuses missing signature headers and a wrong signature version', async () => {
    await expectRefused({ after: { signature: null } }, /Missing signature header/);
    await expectRefused({ after: { 'signature-input': null } }, /Missing signature-input header/);
    await expectRefused({ after: { 'upvest-signature-version': null } }, /Missing upvest-signature-version/);
    await expectRefused({ after: { 'upvest-signature-version': '14' } }, /upvest-signature-version must be 15/);
  });

  it('refuses a malformed signature-input or signature', async () => {
    await expectRefused({ after: { 'signature-input': 'sig1=("@method" "@path"' } }, /Malformed signature-input/);
    await expectRefused({ after: { 'signature-input': 'sig1="@method"' } }, /Malformed signature-input: sig1 must be an inner list/);
    await expectRefused({ after: { signature: 'sig1=:not base64!:' } }, /Malformed signature/);
    await expectRefused({ after: { signature: 'sig1="text"' } }, /Malformed signature: sig1 must be a byte sequence/);
  });

  it('refuses a label other than sig1 and several signatures', async () => {
    await expectRefused({ label: 'sig2' }, /label must be sig1/);
    const doubled = await send({
      after: {
        'signature-input': `sig1=("@method");keyid="k";created=1;expires=2;nonce="n", sig2=("@path");keyid="k";created=1;expires=2;nonce="m"`,
      },
    });
    expect(doubled.status).toBe(401);
    expect(problemDetail(doubled)).toMatch(/Exactly one signature \(sig1\) is allowed in signature-input; got 2/);
  });

  it.each(['@method', '@path', '@query', 'accept', 'authorization', 'upvest-client-id', 'upvest-api-version'])(
    'refuses an API call that does not cover %s',
    async (component) => {
      await expectRefused({ components: componentsOf(listVector).filter((name) => name !== component) }, new RegExp(`Required component "${component}" is not covered`));
    },
  );

  it.each(['content-type', 'content-length', 'content-digest'])('refuses a token request that does not cover %s', async (component) => {
    await expectRefused(
      { vector: tokenVector, components: componentsOf(tokenVector).filter((name) => name !== component) },
      new RegExp(`Required component "${component}" is not covered`),
    );
  });

  it('refuses a duplicate component', async () => {
    await expectRefused({ components: [...componentsOf(listVector), 'accept'] }, /Component "accept" is covered more than once/);
  });

  it('refuses a covered header that is absent from the request', async () => {
    await expectRefused({ after: { date: null } }, /Covered header "date" is not present in the request/);
  });

  it.each(['host', 'user-agent', 'connection', 'accept-encoding', 'cookie', 'x-request-id', 'sec-fetch-mode', 'cf-ray', 'cdn-loop', 'priority'])(
    'refuses covering the forbidden component %s',
    async (name) => {
      const value = name === 'host' ? new URL(sandbox.url).host : name === 'connection' ? 'close' : 'v';
      await expectRefused({ headers: { [name]: value }, components: [...componentsOf(listVector), name] }, new RegExp(`Component "${name}" must not be covered`));
    },
  );

  it('refuses covering @query when the request has no query', async () => {
    await expectRefused({ target: '/account_groups' }, /"@query" is covered but the request has no query/);
  });

  it('refuses a content digest that does not match the body', async () => {
    const body = (tokenVector.request.body ?? '').replace('grant_type', 'grant_typf');
    await expectRefused({ vector: tokenVector, body, headers: { 'content-length': String(body.length) } }, /content-digest does not match the body/);
  });

  it('refuses a content-digest on a request without body', async () => {
    await expectRefused(
      { headers: { 'content-digest': contentDigest('') }, components: [...componentsOf(listVector), 'content-digest'] },
      /content-digest must not be sent on a GET request/,
    );
    await expectRefused(
      { vector: tokenVector, headers: { 'content-length': '0', 'content-digest': contentDigest('') }, body: '' },
      /content-digest must not be sent on a request without body/,
    );
  });

  it('refuses a content-digest on a GET even when a body was sent and the digest matches it', async () => {
    const body = '{"smuggled":true}';
    await expectRefused(
      {
        headers: { 'content-type': 'application/json', 'content-length': String(body.length), 'content-digest': contentDigest(body) },
        components: [...componentsOf(listVector), 'content-type', 'content-length', 'content-digest'],
        body,
      },
      /content-digest must not be sent on a GET request/,
    );
  });

  it('refuses an unknown key id', async () => {
    await expectRefused({ keyId: 'no-such-key' }, /Unknown key id/);
  });

  it('refuses an unknown client id', async () => {
    await expectRefused({ headers: { 'upvest-client-id': 'no-such-client' } }, /Unknown client id/);
  });

  it("refuses a client id that differs from the access token's", async () => {
    await expectRefused({ headers: { 'upvest-client-id': OTHER_CLIENT.clientId } }, /does not match the access token's client/);
  });

  it("refuses a token request whose upvest-client-id differs from the body's client_id", async () => {
    await expectRefused({ vector: tokenVector, headers: { 'upvest-client-id': OTHER_CLIENT.clientId } }, /client_id in the body does not match upvest-client-id/);
  });

  it('refuses signatures created in the future, expired, too old, or with a window over 5 minutes', async () => {
    expect((await send({ created: nowSeconds + 4, headers: { date: new Date((nowSeconds + 4) * 1000).toUTCString() } })).status).toBe(200);
    await expectRefused({ created: nowSeconds + 30 }, /created is in the future/);
    await expectRefused({ created: nowSeconds - 100, expires: nowSeconds - 1 }, /has expired/);
    await expectRefused({ created: nowSeconds - 150, expires: nowSeconds + 10 }, /created more than 120 seconds ago/);
    await expectRefused({ created: nowSeconds, expires: nowSeconds + 301 }, /window \(expires - created\) is longer than 300 seconds/);
  });

  it('refuses a covered date that differs from created, even by less than the clock skew', async () => {
    expect((await send({ headers: { date: new Date(nowSeconds * 1000).toUTCString() } })).status).toBe(200);
    await expectRefused({ headers: { date: new Date((nowSeconds + 3600) * 1000).toUTCString() } }, /date header must equal the signature created time/);
    await expectRefused({ headers: { date: new Date((nowSeconds - 3) * 1000).toUTCString() } }, /date header must equal the signature created time/);
  });

  it('accepts a request that sends no accept header and so does not cover it', async () => {
    const response = await send({ headers: { accept: null }, components: componentsOf(listVector).filter((name) => name !== 'accept') });
    expect(response.status, response.text).toBe(200);
  });

  it('refuses a missing nonce and a replayed nonce', async () => {
    await expectRefused({ nonce: null }, /nonce is missing/);
    expect((await send({ nonce: 'replay-me' })).status).toBe(200);
    await expectRefused({ nonce: 'replay-me' }, /nonce has already been used/);
  });

  it('refuses a tampered header value, query or path', async () => {
    await expectRefused({ after: { accept: 'application/json, */*' } }, /Signature is incorrect/);
    await expectRefused({ sentTarget: '/account_groups?offset=0&limit=2' }, /Signature is incorrect/);
    await expectRefused({ sentTarget: '/account_groups?limit=2&offset=%30' }, /Signature is incorrect/);
  });

  it('verifies against the raw target: a percent-encoded query signed as sent is accepted', async () => {
    const response = await send({ target: '/account_groups?sort=created%5Fat&limit=2' });
    expect(response.status, response.text).toBe(200);
    expect(jsonOf(response)).toMatchObject({ meta: { sort: 'created_at', limit: 2 } });
  });

  it('refuses a signature made with another key under the same key id', async () => {
    await expectRefused({ privateKey: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey }, /Signature is incorrect/);
  });

  it('refuses an ECDSA signature in raw r||s form, naming DER', async () => {
    await expectRefused({ dsaEncoding: 'ieee-p1363' }, /ECDSA signature must be ASN.1 DER/);
    await expectRefused({ vector: p521Vector, dsaEncoding: 'ieee-p1363' }, /ECDSA signature must be ASN.1 DER/);
  });
});

function applyEdits(headers: Readonly<Record<string, string>>, edits: Readonly<Record<string, string | null>>): Record<string, string> {
  const out: Record<string, string> = { ...headers };
  for (const [name, value] of Object.entries(edits)) {
    if (value === null) Reflect.deleteProperty(out, name);
    else out[name] = value;
  }
  return out;
}
