const STORAGE_KEY = 'channel-desk.token';

/**
 * Headless mode prints `http://127.0.0.1:<port>/#token=<token>`. On first load the token moves from the
 * fragment into sessionStorage (so a reload keeps working, a new tab does not inherit it) and the
 * fragment becomes the router's start route, so the token does not linger in the address bar.
 */
export function consumeTokenFromLocation(): string | null {
  // Memoized: main.tsx takes the token before the router starts; the API client (loaded later) asks again.
  if (consumed === undefined) consumed = readToken();
  return consumed;
}

let consumed: string | null | undefined;

function readToken(): string | null {
  const match = /^#token=([^&/]+)/.exec(window.location.hash);
  if (match?.[1]) {
    const token = decodeURIComponent(match[1]);
    try {
      sessionStorage.setItem(STORAGE_KEY, token);
    } catch {
      // Storage can be disabled; the token then lives only as long as this page.
    }
    window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}#/`);
    return token;
  }
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}
