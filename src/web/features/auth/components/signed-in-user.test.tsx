import { screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';

/** The header's line about who is signed in, as a screen reader reads it. */
function signedInLine(text: string) {
  return screen.findByText((_content, element) => element?.tagName === 'P' && element.textContent === text);
}
import type { AuthSession } from '../../../../domain/auth-api';
import { browserNavigation } from '../../../lib/api-client';
import { problemResponse } from '../../../testing/handlers';
import { waitForResults } from '../../../testing/list-helpers';
import { recordRequests, server } from '../../../testing/msw-server';
import { renderApp } from '../../../testing/render-app';

const SIGNED_IN: AuthSession = {
  auth: 'session',
  method: 'oidc',
  user: { id: '00u1abc', name: 'Alice Doe', email: 'alice@staff.example' },
  expires_at: '2026-11-26T12:30:00.000Z',
  absolute_expires_at: '2026-11-27T00:00:00.000Z',
};

describe('the signed-in person in the header', () => {
  it('shows who is signed in and signs out to the sign-in page', async () => {
    const assign = vi.spyOn(browserNavigation, 'assign').mockImplementation(() => undefined);
    server.use(
      http.get('/api/auth/session', () => HttpResponse.json(SIGNED_IN)),
      http.post('/api/auth/logout', () => HttpResponse.json({ signed_out: true })),
    );
    const recorded = recordRequests();
    const { user } = await renderApp();
    await waitForResults('Showing 1–50 of 300 account groups');

    const who = await signedInLine('Signed in as Alice Doe, alice@staff.example');
    expect(who.closest('header')).not.toBeNull();

    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    await waitFor(() => expect(assign).toHaveBeenCalledWith('/login?signed_out=1'));
    expect(recorded.filter((request) => request.method === 'POST').map((request) => request.url.pathname)).toEqual(['/api/auth/logout']);
  });

  it('falls back to the e-mail address or ID when the provider gave no name', async () => {
    server.use(http.get('/api/auth/session', () => HttpResponse.json({ ...SIGNED_IN, user: { id: 'bob' } })));
    await renderApp();
    expect(await signedInLine('Signed in as bob')).toBeInTheDocument();
  });

  it('says so when signing out failed, and stays', async () => {
    const assign = vi.spyOn(browserNavigation, 'assign').mockImplementation(() => undefined);
    server.use(
      http.get('/api/auth/session', () => HttpResponse.json(SIGNED_IN)),
      http.post('/api/auth/logout', () => problemResponse({ type: '/problems/internal', title: 'Internal error', status: 500 })),
    );
    const { user } = await renderApp();
    await user.click(await screen.findByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Sign-out failed. Try again.');
    expect(assign).not.toHaveBeenCalled();
  });

  it('shows nobody and no sign-out when the console runs without sign-in', async () => {
    await renderApp();
    await waitForResults('Showing 1–50 of 300 account groups');
    expect(screen.queryByRole('button', { name: 'Sign out' })).not.toBeInTheDocument();
    expect(screen.queryByText('Signed in as')).not.toBeInTheDocument();
  });
});
