import { act, render, screen, within } from '@testing-library/react';
import { Route, Routes } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestHistory } from '../testing/memory-history';
import { RouteErrorBoundary } from './route-error-boundary';
import { AppRouter } from './router';

function Broken(): never {
  throw new Error('Cannot read properties of undefined');
}

function renderAt(url: string) {
  const history = createTestHistory(url);
  render(
    <AppRouter history={history}>
      <RouteErrorBoundary>
        <Routes>
          <Route path="/broken" element={<Broken />} />
          <Route path="/fine" element={<p>A fine page</p>} />
        </Routes>
      </RouteErrorBoundary>
    </AppRouter>,
  );
  return history;
}

describe('RouteErrorBoundary', () => {
  // React reports every error a boundary catches on the console; expected here.
  beforeEach(() => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('shows a problem panel with Retry instead of a blank screen when a page fails to render', () => {
    renderAt('/broken');
    const panel = screen.getByRole('alert');
    expect(panel).toHaveTextContent('This page failed to render.');
    expect(panel).toHaveTextContent('Cannot read properties of undefined');
    expect(within(panel).getByRole('button', { name: 'Retry' })).toBeInTheDocument();
    expect(screen.getByRole('main')).toContainElement(panel);
  });

  it('renders the page again after going to another location', async () => {
    const history = renderAt('/broken');
    await act(async () => {
      history.push('/fine');
    });
    expect(screen.getByText('A fine page')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});
