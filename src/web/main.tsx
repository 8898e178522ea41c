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

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// Tooltips and menus are not needed for the first rows: fetch their chunks alongside the data.
preloadDeferredUi().catch(() => {
  // Their buttons stay plain until a later load succeeds; nothing on screen depends on them.
});
