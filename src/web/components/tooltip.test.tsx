import * as Dialog from '@radix-ui/react-dialog';
import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { beforeAll, describe, expect, it } from 'vitest';
import { preloadTooltip, Tooltip } from './tooltip';

beforeAll(async () => {
  await preloadTooltip();
});

function Trigger({ describes }: { describes?: boolean }) {
  return (
    <Tooltip content="Full text" describes={describes}>
      <button type="button" aria-label="Short">
        S
      </button>
    </Tooltip>
  );
}

describe('Tooltip', () => {
  it('opens on keyboard focus at once and describes its trigger, which stays the same element', async () => {
    const user = userEvent.setup();
    render(
      <>
        <button type="button">Before</button>
        <Trigger />
      </>,
    );
    const trigger = screen.getByRole('button', { name: 'Short' });

    await user.click(screen.getByRole('button', { name: 'Before' }));
    await user.tab();
    expect(trigger).toHaveFocus();
    const tooltip = screen.getByRole('tooltip');
    expect(tooltip).toHaveTextContent('Full text');
    expect(trigger).toHaveAccessibleDescription('Full text');
    // The bubble is rendered beside the trigger, not around it: the trigger was not remounted.
    expect(screen.getByRole('button', { name: 'Short' })).toBe(trigger);

    await user.tab();
    expect(screen.queryByRole('tooltip')).toBeNull();
    expect(trigger).not.toHaveAttribute('aria-describedby');
  });

  it('opens on hover after a delay, and Escape dismisses it without moving focus', async () => {
    const user = userEvent.setup();
    render(<Trigger />);
    const trigger = screen.getByRole('button', { name: 'Short' });
    // Past the moment in which a tooltip just closed (by an earlier test) lets the next open at once.
    await new Promise((resolve) => setTimeout(resolve, 350));

    await user.hover(trigger);
    expect(screen.queryByRole('tooltip')).toBeNull();
    expect(await screen.findByRole('tooltip')).toHaveTextContent('Full text');

    await user.keyboard('{Escape}');
    expect(screen.queryByRole('tooltip')).toBeNull();
    await user.unhover(trigger);
  });

  it('does not open on the focus a click gives', async () => {
    const user = userEvent.setup();
    render(<Trigger />);
    await user.pointer({ keys: '[MouseLeft]', target: screen.getByRole('button', { name: 'Short' }) });
    expect(screen.getByRole('button', { name: 'Short' })).toHaveFocus();
    expect(screen.queryByRole('tooltip')).toBeNull();
  });

  it('leaves the description alone when the accessible name already says it', async () => {
    const user = userEvent.setup();
    render(<Trigger describes={false} />);
    await user.tab();
    expect(screen.getByRole('tooltip')).toHaveTextContent('Full text');
    expect(screen.getByRole('button', { name: 'Short' })).not.toHaveAttribute('aria-describedby');
  });

  it('keeps the trigger focused when the content changes while open', async () => {
    function Copy() {
      const [copied, setCopied] = useState(false);
      return (
        <Tooltip content={copied ? 'Copied' : 'Copy'}>
          <button type="button" onClick={() => setCopied(true)}>
            Copy it
          </button>
        </Tooltip>
      );
    }
    const user = userEvent.setup();
    render(<Copy />);
    await user.tab();
    const trigger = screen.getByRole('button', { name: 'Copy it' });
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.getByRole('tooltip')).toHaveTextContent('Copied'));
    expect(trigger).toHaveFocus();
  });

  it('in a dialog, Escape closes the tooltip first and the dialog only on the next press', async () => {
    const user = userEvent.setup();
    render(
      <Dialog.Root defaultOpen>
        <Dialog.Portal>
          <Dialog.Content aria-describedby={undefined}>
            <Dialog.Title>Group</Dialog.Title>
            <Trigger />
          </Dialog.Content>
        </Dialog.Portal>
      </Dialog.Root>,
    );
    // Tab from the dialog's first focus to the trigger, so that the tooltip opens as for a keyboard user.
    while (document.activeElement !== screen.getByRole('button', { name: 'Short' })) await user.tab();
    expect(screen.getByRole('tooltip')).toHaveTextContent('Full text');

    await user.keyboard('{Escape}');
    expect(screen.queryByRole('tooltip')).toBeNull();
    expect(screen.getByRole('dialog')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Short' })).toHaveFocus();

    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('shows one tooltip at a time', async () => {
    const user = userEvent.setup();
    render(
      <>
        <Tooltip content="First tip">
          <button type="button">First</button>
        </Tooltip>
        <Tooltip content="Second tip">
          <button type="button">Second</button>
        </Tooltip>
      </>,
    );
    await user.tab();
    expect(screen.getByRole('tooltip')).toHaveTextContent('First tip');
    // Hovering another while one is open moves the tooltip there at once.
    await user.hover(screen.getByRole('button', { name: 'Second' }));
    await act(async () => {
      await Promise.resolve();
    });
    expect(screen.getAllByRole('tooltip').map((tip) => tip.textContent)).toEqual(['Second tip']);
  });
});
