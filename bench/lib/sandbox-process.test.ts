import { describe, expect, it } from 'vitest';
import { parseEnvBlock } from './sandbox-process';

describe('parseEnvBlock', () => {
  const line =
    'UPVEST_API_BASE_URL=http://127.0.0.1:4000 UPVEST_API_CLIENT_ID=client UPVEST_API_CLIENT_SECRET=s3cr=t ' +
    'UPVEST_API_KEY_ID=key UPVEST_API_HTTP_SIGN_PRIVATE_KEY_FILENAME=/tmp/x/key.pem';

  it('reads every setting the console needs, values may contain "="', () => {
    expect(parseEnvBlock(line)).toEqual({
      UPVEST_API_BASE_URL: 'http://127.0.0.1:4000',
      UPVEST_API_CLIENT_ID: 'client',
      UPVEST_API_CLIENT_SECRET: 's3cr=t',
      UPVEST_API_KEY_ID: 'key',
      UPVEST_API_HTTP_SIGN_PRIVATE_KEY_FILENAME: '/tmp/x/key.pem',
    });
  });

  it('names a missing setting', () => {
    expect(() => parseEnvBlock(line.replace(/UPVEST_API_KEY_ID=\S+/, ''))).toThrow(/UPVEST_API_KEY_ID/);
  });
});
