/**
 * The address bar follows the link settings (src/state/url.ts), throttled: the first change after a
 * quiet spell is written at once, the rest at most every THROTTLE_MS (browsers rate-limit
 * history.replaceState; dragging the opacity slider would exceed it).
 */

import type { AppState, AppStore } from '../state/store';
import { serializeUrl } from '../state/url';

const THROTTLE_MS = 150;

function query(s: AppState): string {
  return serializeUrl(s, s.modelSource !== null && s.modelSource.kind !== 'catalogue');
}

export interface UrlSync {
  /** Writes a pending change now (before the link is copied). */
  flush(): void;
  stop(): void;
}

export function syncUrl(store: AppStore, win: Window = window): UrlSync {
  let written = '';
  let pending: string | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const write = (search: string) => {
    pending = null;
    if (search === written) return;
    written = search;
    const url = new URL(win.location.href);
    url.search = search;
    win.history.replaceState(win.history.state, '', url);
  };
  const flush = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (pending !== null) write(pending);
  };
  const tick = () => {
    timer = null;
    if (pending === null) return;
    write(pending);
    timer = setTimeout(tick, THROTTLE_MS);
  };
  const onChange = (search: string) => {
    if (timer !== null) {
      pending = search;
      return;
    }
    write(search);
    timer = setTimeout(tick, THROTTLE_MS);
  };
  write(query(store.getState()));
  const unsubscribe = store.subscribe(query, onChange);
  return {
    flush,
    stop() {
      flush();
      unsubscribe();
    },
  };
}
