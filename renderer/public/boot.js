// Runs in <head> before the first paint, so the static shell of index.html shows in the admin's language and
// theme with the current page highlighted. A classic script (the CSP allows 'self' only, no inline script).
// The same first guesses as renderer/i18n/language.ts and renderer/app/theme.tsx, whose storage keys it reads.
(function () {
  var html = document.documentElement;
  function stored(key) {
    try {
      return localStorage.getItem(key);
    } catch {
      return null;
    }
  }
  var lang = stored('channel-desk.language');
  if (lang !== 'zh-CN' && lang !== 'en-US') {
    var first = (navigator.languages && navigator.languages[0]) || navigator.language || 'en-US';
    lang = /^zh/i.test(first) ? 'zh-CN' : 'en-US';
  }
  html.lang = lang;
  var mode = stored('channel-desk.theme');
  var dark = mode === 'dark' || (mode !== 'light' && typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches);
  html.setAttribute('data-theme', dark ? 'dark' : 'light');
  html.style.colorScheme = dark ? 'dark' : 'light';
  html.setAttribute('data-route', location.hash.replace(/^#\/?/, '').split(/[/?]/)[0] || 'home');
})();
