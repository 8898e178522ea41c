// First: asks for the first view's data while the modules below are still being evaluated (first-view.ts).
import { firstRows, queryClient } from './app/first-view';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import { preloadDeferredUi } from './app/preload-deferred-ui';
import { applyTheme, watchSystemTheme } from './app/theme/theme-store';
import './app/styles/tokens.css';
import './app/styles/base.css';
import './app/styles/components.css';
import './app/styles/account-groups.css';

// public/theme-init.js already set the theme before first paint; this keeps it in step afterwards.
applyTheme();
watchSystemTheme();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

/** Longest the first render waits for the first rows; past it, the skeleton shows and the rows follow. */
const FIRST_ROWS_WAIT_MS = 250;

// One render with the rows in it costs less than a skeleton render followed by the rows' render, and
// the rows are usually here by the time the bundle has run.
void Promise.race([firstRows, new Promise((resolve) => setTimeout(resolve, FIRST_ROWS_WAIT_MS))]).then(() => {
  createRoot(root).render(
    <StrictMode>
      <App queryClient={queryClient} />
    </StrictMode>,
  );
  // Tooltips and menus are not needed for the first rows: their chunks load once those are drawn.
  requestAnimationFrame(() =>
    setTimeout(() => {
      preloadDeferredUi().catch(() => {
        // Their buttons stay plain until a later load succeeds; nothing on screen depends on them.
      });
    }),
  );
});
