import { useIsFetching } from '@tanstack/react-query';
import { useEffect } from 'react';
import { queryClient } from './query-client';

/**
 * The app's "loading" signal for tools outside React: `<html data-busy>` is "true" while any page data is being
 * fetched, and "false" once every answer is on screen (set after React has committed it). The end-to-end tests wait
 * for it (test/e2e/fixtures.ts `settled`) instead of acting on a page whose cards are still filling in.
 */
export function BusyMarker(): null {
  const busy = useIsFetching(undefined, queryClient) > 0;
  useEffect(() => {
    document.documentElement.dataset['busy'] = String(busy);
  }, [busy]);
  return null;
}
