// Applies the saved theme before the page paints, then wires the toggle once the page is there. The one
// classic script of ours: it must run in <head>, before the first paint, which a module (always deferred)
// cannot. Chart colours follow through chart-theme.js, which watches data-theme.
(() => {
  let saved = null;
  try {
    saved = localStorage.getItem('gillab-theme');
  } catch (e) {
    // Storage may be off; the system's setting applies.
  }
  if (saved === 'dark' || saved === 'light') document.documentElement.setAttribute('data-theme', saved);

  const current = () => document.documentElement.getAttribute('data-theme')
    || (window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');

  function syncHighlightStyles(theme) {
    document.querySelectorAll('link.hljs-light').forEach((l) => { l.media = theme === 'light' ? 'all' : 'not all'; });
    document.querySelectorAll('link.hljs-dark').forEach((l) => { l.media = theme === 'dark' ? 'all' : 'not all'; });
  }

  document.addEventListener('DOMContentLoaded', () => {
    const button = document.getElementById('theme-toggle');
    if (saved) syncHighlightStyles(saved);
    if (!button) return;
    const label = button.querySelector('.theme-label');
    const show = () => {
      const theme = current();
      button.setAttribute('aria-pressed', theme === 'dark' ? 'true' : 'false');
      if (label) label.textContent = theme === 'dark' ? 'Dark' : 'Light';
    };
    show();
    button.addEventListener('click', () => {
      const next = current() === 'dark' ? 'light' : 'dark';
      document.documentElement.setAttribute('data-theme', next);
      try {
        localStorage.setItem('gillab-theme', next);
      } catch (e) {
        // Storage may be off; the choice lasts for this page.
      }
      syncHighlightStyles(next);
      show();
    });
  });
})();
