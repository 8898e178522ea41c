import { act, render, screen } from '@testing-library/react';
import { lazy, Suspense, type ComponentType } from 'react';
import { Route, Routes, UNSAFE_createMemoryHistory, useLocation, useNavigate, type NavigateFunction, type NavigateOptions } from 'react-router';
import { describe, expect, it } from 'vitest';
import { AppRouter } from './router';

/** A page whose code never arrives: rendering it suspends for good. */
const NeverLoaded = lazy(() => new Promise<{ default: ComponentType }>(() => undefined));

function renderRouter(entries: string[]) {
  const handle: { navigate: NavigateFunction | null } = { navigate: null };
  function Page() {
    handle.navigate = useNavigate();
    return <p>at {useLocation().pathname}</p>;
  }
  const history = UNSAFE_createMemoryHistory({ initialEntries: entries, initialIndex: entries.length - 1, v5Compat: true });
  render(
    <AppRouter history={history}>
      <Suspense fallback={<p>loading</p>}>
        <Routes>
          <Route path="/never" element={<NeverLoaded />} />
          <Route path="*" element={<Page />} />
        </Routes>
      </Suspense>
    </AppRouter>,
  );
  const navigate = (to: string, options?: NavigateOptions): void => {
    if (handle.navigate === null) throw new Error('the page did not render');
    void handle.navigate(to, options);
  };
  return { history, navigate };
}

describe('AppRouter', () => {
  it('has rendered a flushSync navigation by the time navigate() returns', async () => {
    const { navigate } = renderRouter(['/a']);
    await act(async () => {
      navigate('/b', { flushSync: true });
      // Inside act, anything not flushed synchronously would still wait for the end of the scope.
      expect(screen.getByText('at /b')).toBeInTheDocument();
    });
  });

  it('renders other navigations as transitions: the page stays while the next one suspends', async () => {
    const { navigate } = renderRouter(['/a']);
    await act(async () => {
      navigate('/never');
    });
    expect(screen.getByText('at /a')).toBeInTheDocument();
    expect(screen.queryByText('loading')).not.toBeInTheDocument();
  });

  it('renders back and forward as transitions too', async () => {
    const { history } = renderRouter(['/never', '/a']);
    await act(async () => {
      history.go(-1);
    });
    expect(screen.getByText('at /a')).toBeInTheDocument();
    expect(screen.queryByText('loading')).not.toBeInTheDocument();
  });

  it('shows the fallback when a flushSync navigation suspends (it is not a transition)', async () => {
    const { navigate } = renderRouter(['/a']);
    await act(async () => {
      navigate('/never', { flushSync: true });
    });
    expect(screen.getByText('loading')).toBeInTheDocument();
  });
});
