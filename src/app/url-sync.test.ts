/** The address bar follows the store, throttled (history.replaceState is rate-limited by browsers). */
import { describe, expect, it } from 'vitest';
import { createAppStore } from '../state/store';
import { syncUrl } from './url-sync';

function fakeWindow() {
  const writes: string[] = [];
  const location = { href: 'https://example.test/app/?x=1' };
  const win = {
    location,
    history: {
      state: null,
      replaceState(_state: unknown, _title: string, url: URL) {
        location.href = url.href;
        writes.push(url.search);
      },
    },
  } as unknown as Window;
  return { win, writes };
}

describe('url sync', () => {
  it('writes the first change at once, coalesces a slider drag, and skips non-link changes', async () => {
    const store = createAppStore();
    const { win, writes } = fakeWindow();
    const sync = syncUrl(store, win);
    expect(writes).toHaveLength(1);
    for (let i = 1; i <= 50; i++) store.setState({ opacity: i / 100 });
    expect(writes).toHaveLength(2); // the first step at once, the rest pending
    store.setState({ running: 'Computing', notice: 'x' }); // not in the link: no write
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(writes).toHaveLength(3);
    expect(new URL(win.location.href).searchParams.get('opacity')).toBe('0.5');
    store.setState({ colormap: 'viridis' });
    sync.flush();
    expect(new URL(win.location.href).searchParams.get('colormap')).toBe('viridis');
    sync.stop();
  });
});
