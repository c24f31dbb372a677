import { useEffect } from 'react';

/** Calls `tick` every `ms` while the page is visible (live updates by polling). */
export function usePolling(tick: () => void, ms: number): void {
  useEffect(() => {
    const id = setInterval(() => {
      if (document.visibilityState === 'visible') tick();
    }, ms);
    return () => clearInterval(id);
  }, [tick, ms]);
}
