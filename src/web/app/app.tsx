import { useState } from 'react';
import type { QueryClient } from '@tanstack/react-query';
// Before ./providers on purpose: the other way round, Rolldown's chunking (an order quirk like
// rolldown#9963) moves zod and TanStack Query out of the entry into two more preloaded chunks, ~2 kB more.
import { AppRouter, createAppHistory } from './router';
import { AppProviders } from './providers';
import { AppRoutes } from './routes';

/** The query client comes from main.tsx, which has already asked it for the first view's data. */
export function App({ queryClient }: { queryClient: QueryClient }) {
  const [history] = useState(createAppHistory);
  return (
    <AppProviders queryClient={queryClient}>
      <AppRouter history={history}>
        <AppRoutes />
      </AppRouter>
    </AppProviders>
  );
}
