import { act, render } from '@testing-library/react';
import { Route, Routes } from 'react-router';
import { describe, expect, it } from 'vitest';
import { AppRouter } from '../../../app/router';
import { createTestHistory } from '../../../testing/memory-history';
import { useListView, type SetListView } from './use-list-view';

function renderListView(url: string) {
  const handle: { setView: SetListView | null } = { setView: null };
  function Probe() {
    handle.setView = useListView().setView;
    return null;
  }
  const history = createTestHistory(url);
  render(
    <AppRouter history={history}>
      <Routes>
        <Route path="/account-groups" element={<Probe />} />
      </Routes>
    </AppRouter>,
  );
  const setView: SetListView = (...args) => {
    if (handle.setView === null) throw new Error('the probe did not render');
    handle.setView(...args);
  };
  return { history, setView };
}

describe('useListView', () => {
  it('keeps both of two toggles made one right after the other', async () => {
    const { history, setView } = renderListView('/account-groups');
    await act(async () => {
      setView((current) => ({ status: [...current.status, 'LOCKED'] }));
      setView((current) => ({ status: [...current.status, 'CLOSING'] }));
      await Promise.resolve();
    });
    expect(new URLSearchParams(history.location.search).get('status')).toBe('CLOSING,LOCKED');
  });

  it('keeps a replacement that has not rendered yet when a toggle follows it', async () => {
    const { history, setView } = renderListView('/account-groups');
    await act(async () => {
      // A replacement renders as a transition, so the toggle comes before it has re-rendered.
      setView({ type: ['ISA'] }, { replace: true });
      setView((current) => ({ status: [...current.status, 'LOCKED'] }));
      await Promise.resolve();
    });
    const params = new URLSearchParams(history.location.search);
    expect(params.get('type')).toBe('ISA');
    expect(params.get('status')).toBe('LOCKED');
  });

  it('builds on the URL again after back and forward', async () => {
    const { history, setView } = renderListView('/account-groups?status=ACTIVE');
    await act(async () => {
      setView((current) => ({ status: [...current.status, 'LOCKED'] }));
      await Promise.resolve();
    });
    await act(async () => {
      history.go(-1);
    });
    expect(history.location.search).toBe('?status=ACTIVE');
    await act(async () => {
      setView((current) => ({ type: [...current.type, 'ISA'] }));
      await Promise.resolve();
    });
    const params = new URLSearchParams(history.location.search);
    expect(params.get('status')).toBe('ACTIVE');
    expect(params.get('type')).toBe('ISA');
  });
});
