import { useState } from 'react';
import type { QueryClient } from '@tanstack/react-query';
import { AppProviders } from './providers';
import { AppRouter, createAppHistory } from './router';
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
