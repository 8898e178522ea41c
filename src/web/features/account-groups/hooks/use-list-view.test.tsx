import { act, render } from '@testing-library/react';
import { createMemoryRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { describe, expect, it } from 'vitest';
import { useListView, type SetListView } from './use-list-view';

function renderListView(url: string) {
  const handle: { setView: SetListView | null } = { setView: null };
  function Probe() {
    handle.setView = useListView().setView;
    return null;
  }
  const router = createMemoryRouter([{ path: '/account-groups', element: <Probe /> }], { initialEntries: [url] });
  render(<RouterProvider router={router} />);
  const setView: SetListView = (...args) => {
    if (handle.setView === null) throw new Error('the probe did not render');
    handle.setView(...args);
  };
  return { router, setView };
}

describe('useListView', () => {
  it('keeps both of two toggles made before the first one has re-rendered', async () => {
    const { router, setView } = renderListView('/account-groups');
    await act(async () => {
      setView((current) => ({ status: [...current.status, 'LOCKED'] }));
      setView((current) => ({ status: [...current.status, 'CLOSING'] }));
      await Promise.resolve();
    });
    expect(new URLSearchParams(router.state.location.search).get('status')).toBe('CLOSING,LOCKED');
  });

  it('builds on the URL again after back and forward', async () => {
    const { router, setView } = renderListView('/account-groups?status=ACTIVE');
    await act(async () => {
      setView((current) => ({ status: [...current.status, 'LOCKED'] }));
      await Promise.resolve();
    });
    await act(async () => {
      await router.navigate(-1);
    });
    expect(router.state.location.search).toBe('?status=ACTIVE');
    await act(async () => {
      setView((current) => ({ type: [...current.type, 'ISA'] }));
      await Promise.resolve();
    });
    const params = new URLSearchParams(router.state.location.search);
    expect(params.get('status')).toBe('ACTIVE');
    expect(params.get('type')).toBe('ISA');
  });
});
