// The script the dev server injects into HTML responses (never written to dist/): it listens
// for rebuilds over Server-Sent Events, reloads when its page changed, and shows build errors
// as an overlay until they are fixed.
export const CLIENT_PATH = '/__build-paper/client.js';
export const EVENTS_PATH = '/__build-paper/events';

export const CLIENT_SCRIPT = `(() => {
  const id = 'build-paper-overlay';
  const here = () => decodeURI(location.pathname).replace(/index\\.html$/, '');
  const show = (text) => {
    let el = document.getElementById(id);
    if (!el) {
      el = document.createElement('div');
      el.id = id;
      el.setAttribute('role', 'alert');
      el.style.cssText = 'position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.94);color:#fdd;padding:2rem;font:14px/1.5 ui-monospace,monospace;white-space:pre-wrap';
      const title = document.createElement('h2');
      title.textContent = 'build-paper: the last save did not build';
      title.style.cssText = 'color:#fff;font:bold 18px system-ui;margin:0 0 1rem';
      const body = document.createElement('pre');
      body.className = 'build-paper-errors';
      el.append(title, body);
      document.body.append(el);
    }
    el.querySelector('pre').textContent = text;
  };
  const hide = () => document.getElementById(id)?.remove();
  const events = new EventSource(${JSON.stringify(EVENTS_PATH)});
  events.addEventListener('build-error', (e) => show(JSON.parse(e.data).text));
  events.addEventListener('built', (e) => {
    const { changed } = JSON.parse(e.data);
    const hadOverlay = !!document.getElementById(id);
    hide();
    // This page itself, or the theme's stylesheet and scripts, changed.
    const mine = changed.some((u) => u === here() || u.includes('/assets/'));
    if (mine || hadOverlay) location.reload();
  });
})();
`;
