import { createQueryClient } from '../lib/query-client';
import { prefetchFirstView } from './prefetch-first-view';

/**
 * The app's query client, and the first view's requests already on their way. main.tsx imports this
 * module first, so it runs before the rest of the bundle (React DOM, the router, the table, the pages)
 * is evaluated: on a cold load the answers arrive while that happens, instead of being asked for after.
 */
export const queryClient = createQueryClient();

/** Settles when the first page of rows has arrived (or failed). */
export const firstRows = prefetchFirstView(queryClient, window.location);
