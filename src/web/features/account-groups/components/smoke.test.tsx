import { screen, waitFor, within } from '@testing-library/react';
import { expect, it } from 'vitest';
import { renderApp } from '../../../testing/render-app';

it('renders rows', async () => {
  await renderApp();
  expect(await screen.findByText('Showing 1–50 of 300 account groups')).toBeInTheDocument();
  const table = screen.getByRole('table', { name: 'Account groups' });
  await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(51));
});
