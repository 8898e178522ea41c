import { setupServer } from 'msw/node';
import { handlers } from './handlers';

export const server = setupServer(...handlers);

export interface RecordedRequest {
  method: string;
  url: URL;
}

/** Every request the SPA sends from now on (until the test ends), for asserting what was asked. */
export function recordRequests(): RecordedRequest[] {
  const recorded: RecordedRequest[] = [];
  server.events.on('request:start', ({ request }) => {
    recorded.push({ method: request.method, url: new URL(request.url) });
  });
  return recorded;
}
