import { readFileSync } from 'node:fs';
import { z } from 'zod';

const vectorSchema = z.object({
  name: z.string(),
  algorithm: z.string(),
  key: z.object({ keyId: z.string(), privateKeyPem: z.string(), passphrase: z.string(), publicKeyPem: z.string() }),
  request: z.object({
    method: z.string(),
    url: z.string(),
    headers: z.record(z.string(), z.string()),
    body: z.string().nullable(),
  }),
  created: z.number(),
  expires: z.number(),
  nonce: z.string(),
  signatureBase: z.string(),
});

const fixtureSchema = z.object({
  clientId: z.string(),
  keyId: z.string(),
  accessToken: z.string(),
  vectors: z.array(vectorSchema).min(1),
});

export type UpvestVector = z.infer<typeof vectorSchema>;
export type UpvestVectorFixture = z.infer<typeof fixtureSchema>;

/** Upvest's signing vectors, read from the shared fixture (never copied into the sandbox). */
export function loadUpvestVectors(): UpvestVectorFixture {
  const path = new URL('../../upvest/fixtures/upvest-vectors.json', import.meta.url);
  return fixtureSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
}

/** The request target (path and query) of a vector's absolute URL, as sent. */
export function targetOf(vector: UpvestVector): string {
  return vector.request.url.replace(/^https?:\/\/[^/]+/, '');
}
