import { screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import type { AuthMethods, AuthSession } from '../../../../domain/auth-api';
import { problemResponse } from '../../../testing/handlers';
import { recordRequests, server } from '../../../testing/msw-server';
import { currentUrl, renderApp } from '../../../testing/render-app';

const ALICE: AuthSession = {
  auth: 'session',
  method: 'password',
  user: { id: 'alice', name: 'Alice Doe', email: 'alice@staff.example' },
  expires_at: '2026-11-26T12:30:00.000Z',
  absolute_expires_at: '2026-11-27T00:00:00.000Z',
};

function offering(methods: AuthMethods): void {
  server.use(http.get('/api/auth/methods', () => HttpResponse.json(methods)));
}

function passwordLogin(answer: () => Response): void {
  server.use(http.post('/api/auth/login', answer));
}

describe('sign-in page', () => {
  it('signs in with a username and password and goes back to where the person was', async () => {
    offering({ auth: 'required', password: true, oidc: null });
    let sent: unknown = null;
    server.use(
      http.post('/api/auth/login', async ({ request }) => {
        sent = await request.json();
        return HttpResponse.json(ALICE);
      }),
      http.get('/api/auth/session', () => HttpResponse.json(ALICE)),
    );
    const { user, history } = await renderApp('/login?next=%2Faccount-groups%3Fstatus%3DLOCKED');

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    await user.type(await screen.findByLabelText('Username'), 'alice');
    expect(screen.queryByRole('link', { name: /Sign in with/ })).not.toBeInTheDocument();
    await user.type(screen.getByLabelText('Password'), 'alice-battery-staple');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    await waitFor(() => expect(currentUrl(history)).toBe('/account-groups?status=LOCKED'));
    expect(sent).toEqual({ username: 'alice', password: 'alice-battery-staple' });
    expect(await screen.findByText('Alice Doe')).toBeInTheDocument();
  });

  it('says "Wrong username or password", clears the password and keeps the person on the page', async () => {
    offering({ auth: 'required', password: true, oidc: null });
    passwordLogin(() =>
      problemResponse({ type: '/problems/wrong-credentials', title: 'Wrong username or password', status: 401, detail: 'Wrong username or password.' }),
    );
    const { user, history } = await renderApp('/login?next=%2Faccount-groups');
    await user.type(await screen.findByLabelText('Username'), 'alice');
    await user.type(screen.getByLabelText('Password'), 'not-it');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Wrong username or password.');
    expect(screen.getByLabelText('Password')).toHaveValue('');
    expect(screen.getByLabelText('Password')).toHaveFocus();
    expect(screen.getByLabelText('Password')).toHaveAttribute('aria-invalid', 'true');
    expect(currentUrl(history)).toBe('/login?next=%2Faccount-groups');
  });

  it('when slowed down, says how many seconds to wait and keeps the button off until then', async () => {
    const start = Date.parse('2026-11-26T12:00:00.000Z');
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(start);
    offering({ auth: 'required', password: true, oidc: null });
    passwordLogin(() =>
      problemResponse(
        { type: '/problems/sign-in-slowed-down', title: 'Too many failed sign-ins', status: 429, retry_after_seconds: 8 },
      ),
    );
    const { user } = await renderApp('/login');
    await user.type(await screen.findByLabelText('Username'), 'alice');
    await user.type(screen.getByLabelText('Password'), 'guess');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Too many failed sign-ins. Try again in 8 seconds.');
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeDisabled();
    vi.setSystemTime(start + 5000);
    expect(await screen.findByText('Too many failed sign-ins. Try again in 3 seconds.')).toBeInTheDocument();
    vi.setSystemTime(start + 8000);
    expect(await screen.findByText('Too many failed sign-ins. You can try again now.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeEnabled();
  });

  it('offers the identity provider by name, carrying where to go back to', async () => {
    offering({ auth: 'required', password: false, oidc: { name: 'Okta' } });
    await renderApp('/login?next=%2Faccount-groups%2Fabc%3Fq%3Dx');
    const link = await screen.findByRole('link', { name: 'Sign in with Okta' });
    expect(link).toHaveAttribute('href', '/api/auth/oidc/start?next=%2Faccount-groups%2Fabc%3Fq%3Dx');
    expect(screen.queryByLabelText('Password')).not.toBeInTheDocument();
  });

  it('offers both ways in when both are configured, the provider first', async () => {
    offering({ auth: 'required', password: true, oidc: { name: 'Okta' } });
    await renderApp('/login');
    expect(await screen.findByRole('link', { name: 'Sign in with Okta' })).toHaveClass('btn--primary');
    expect(screen.getByText('or with a username and password')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sign in' })).not.toHaveClass('btn--primary');
  });

  it('explains a refusal by the allow-list, and makes the provider ask again for another account', async () => {
    offering({ auth: 'required', password: false, oidc: { name: 'Okta' } });
    await renderApp('/login?error=not-allowed&next=%2Faccount-groups');
    expect(await screen.findByRole('alert')).toHaveTextContent('The account you signed in with is not allowed to use this console.');
    expect(await screen.findByRole('link', { name: 'Sign in with Okta' })).toHaveAttribute(
      'href',
      '/api/auth/oidc/start?next=%2Faccount-groups&prompt=login',
    );
  });

  it.each([
    ['reason=session-ended', 'Your session ended, sign in again.'],
    ['signed_out=1', 'You signed out.'],
    ['error=unavailable', 'The identity provider could not be reached. Try again shortly.'],
  ])('says why the person is here (%s)', async (query, text) => {
    offering({ auth: 'required', password: true, oidc: null });
    await renderApp(`/login?${query}`);
    expect(await screen.findByText(text)).toBeInTheDocument();
  });

  it('never shows text from the link itself', async () => {
    offering({ auth: 'required', password: true, oidc: null });
    await renderApp('/login?error=Your%20account%20is%20locked%2C%20call%20%2B1-555-0100');
    await screen.findByLabelText('Username');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(screen.queryByText(/555-0100/)).not.toBeInTheDocument();
  });

  it('does not follow a next that leads off the console', async () => {
    offering({ auth: 'required', password: true, oidc: { name: 'Okta' } });
    passwordLogin(() => HttpResponse.json(ALICE));
    server.use(http.get('/api/auth/session', () => HttpResponse.json(ALICE)));
    const { user, history } = await renderApp('/login?next=https%3A%2F%2Fevil.example%2F');
    expect(await screen.findByRole('link', { name: 'Sign in with Okta' })).toHaveAttribute('href', '/api/auth/oidc/start?next=%2Faccount-groups');
    await user.type(screen.getByLabelText('Username'), 'alice');
    await user.type(screen.getByLabelText('Password'), 'alice-battery-staple');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(currentUrl(history)).toBe('/account-groups'));
  });

  it.each(['/.//evil.example/', '/%2e//evil.example/'])(
    'does not follow a next of %s, which normalises to another host',
    async (next) => {
      offering({ auth: 'required', password: true, oidc: { name: 'Okta' } });
      passwordLogin(() => HttpResponse.json(ALICE));
      server.use(http.get('/api/auth/session', () => HttpResponse.json(ALICE)));
      const { user, history } = await renderApp(`/login?next=${encodeURIComponent(next)}`);
      expect(await screen.findByRole('link', { name: 'Sign in with Okta' })).toHaveAttribute('href', '/api/auth/oidc/start?next=%2Faccount-groups');
      await user.type(screen.getByLabelText('Username'), 'alice');
      await user.type(screen.getByLabelText('Password'), 'alice-battery-staple');
      await user.click(screen.getByRole('button', { name: 'Sign in' }));
      await waitFor(() => expect(currentUrl(history)).toBe('/account-groups'));
    },
  );

  it('goes straight on when the console runs without sign-in', async () => {
    const recorded = recordRequests();
    const { history } = await renderApp('/login?next=%2Faccount-groups%3Fstatus%3DCLOSING');
    await waitFor(() => expect(currentUrl(history)).toBe('/account-groups?status=CLOSING'));
    expect(recorded.some((request) => request.url.pathname === '/api/auth/login')).toBe(false);
  });
});
