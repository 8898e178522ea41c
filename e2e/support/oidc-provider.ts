import { startOidcTestProvider, TEST_ACCOUNTS } from '../../src/server/auth/testing/oidc-test-provider';
import { OIDC_CLIENT, OIDC_PROVIDER_PORT } from './auth-servers';

// `tsx e2e/support/oidc-provider.ts`: the OpenID provider of the sign-in end-to-end tests (a Playwright webServer).
const provider = await startOidcTestProvider({
  port: OIDC_PROVIDER_PORT,
  clients: [{ clientId: OIDC_CLIENT.clientId, clientSecret: OIDC_CLIENT.clientSecret, redirectUris: [OIDC_CLIENT.redirectUri] }],
  accounts: TEST_ACCOUNTS,
});
console.log(`test OpenID provider at ${provider.issuer}`);

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    void provider.close().then(() => process.exit(0));
  });
}
