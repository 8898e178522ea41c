// Applies the remembered theme before first paint. A file, not an inline script, because the console
// server's Content-Security-Policy allows no inline scripts. Keep in step with src/web/app/theme/theme-store.ts.
/* global window, document -- a browser script, linted with the repository's Node defaults */
(function () {
  var choice = 'system';
  try {
    var stored = window.localStorage.getItem('agc-theme');
    if (stored === 'light' || stored === 'dark') choice = stored;
  } catch {
    // Storage disabled: follow the system.
  }
  var dark =
    choice === 'dark' ||
    (choice === 'system' && !!window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches);
  document.documentElement.setAttribute('data-theme', dark ? 'dark' : 'light');
})();
