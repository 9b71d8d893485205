/** Thumbnail object URLs live while a tile shows them: one per Blob, revoked with its last user. */
import { describe, expect, it } from 'vitest';
import { createUrlCache } from './thumbnail-urls';

function cache() {
  const made: string[] = [];
  const revoked: string[] = [];
  let n = 0;
  const urls = createUrlCache(
    () => {
      const url = `blob:test/${n++}`;
      made.push(url);
      return url;
    },
    (url) => revoked.push(url),
  );
  return { urls, made, revoked };
}

describe('thumbnail URLs', () => {
  it('makes a URL on the first acquire and revokes it on the release', () => {
    const { urls, made, revoked } = cache();
    const jpeg = new Blob(['a']);
    const url = urls.acquire(jpeg);
    expect(made).toEqual([url]);
    expect(urls.size()).toBe(1);
    urls.release(jpeg);
    expect(revoked).toEqual([url]);
    expect(urls.size()).toBe(0);
  });

  it('shares one URL between users of one Blob until the last leaves', () => {
    const { urls, made, revoked } = cache();
    const jpeg = new Blob(['a']);
    const first = urls.acquire(jpeg);
    expect(urls.acquire(jpeg)).toBe(first);
    urls.release(jpeg);
    expect(revoked).toEqual([]);
    urls.release(jpeg);
    expect(revoked).toEqual([first]);
    expect(made).toHaveLength(1);
  });

  it('gives a new URL after a revoke, and ignores releases of unknown Blobs', () => {
    const { urls, made, revoked } = cache();
    const jpeg = new Blob(['a']);
    urls.release(new Blob(['b']));
    const first = urls.acquire(jpeg);
    urls.release(jpeg);
    urls.release(jpeg); // one release too many: nothing happens
    const second = urls.acquire(jpeg);
    expect(second).not.toBe(first);
    expect(made).toEqual([first, second]);
    expect(revoked).toEqual([first]);
  });
});
