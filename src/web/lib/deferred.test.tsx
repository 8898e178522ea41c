import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { gate } from '../testing/list-helpers';
import { deferredComponent } from './deferred';

function Menu({ label, defaultOpen = false }: { label: string; defaultOpen?: boolean }) {
  return <div role="menu" aria-label={label} data-open={String(defaultOpen)} />;
}

function setup() {
  const arrival = gate();
  const deferredMenu = deferredComponent<{ label: string }>(
    async () => {
      await arrival.wait;
      return Menu;
    },
    (props, activate) => (
      <button type="button" onClick={activate}>
        {props.label}
      </button>
    ),
  );
  return { arrival, deferredMenu };
}

describe('deferredComponent', () => {
  it('renders the fallback until loaded, then the component', async () => {
    const { arrival, deferredMenu } = setup();
    render(<deferredMenu.Component label="Status" />);
    expect(screen.getByRole('button', { name: 'Status' })).toBeInTheDocument();

    const loading = deferredMenu.preload();
    arrival.release();
    await loading;
    expect(await screen.findByRole('menu', { name: 'Status' })).toHaveAttribute('data-open', 'false');
  });

  it('opens the component once loaded when its fallback was clicked before', async () => {
    const { arrival, deferredMenu } = setup();
    render(<deferredMenu.Component label="Type" />);
    await userEvent.click(screen.getByRole('button', { name: 'Type' }));
    arrival.release();
    expect(await screen.findByRole('menu', { name: 'Type' })).toHaveAttribute('data-open', 'true');
  });
});
