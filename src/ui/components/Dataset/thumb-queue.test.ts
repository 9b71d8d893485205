/** The tiles' thumbnails are set in short slices after the commit, never with a released URL. */
import { describe, expect, it } from 'vitest';
import { createUrlCache } from '../../../app/dataset/thumbnail-urls';
import { createThumbQueue } from './thumb-queue';

/** An <img> stand-in: src and removeAttribute are all the queue touches. */
function fakeImg(): HTMLImageElement {
  const img = {
    src: '',
    removeAttribute(name: string) {
      if (name === 'src') img.src = '';
    },
  };
  return img as unknown as HTMLImageElement;
}

function setup(costMs = 0) {
  const revoked = new Set<string>();
  let n = 0;
  const urls = createUrlCache(
    () => `blob:test/${n++}`,
    (url) => revoked.add(url),
  );
  const tasks: (() => void)[] = [];
  let clock = 0;
  const queue = createThumbQueue(urls, {
    sliceMs: 6,
    schedule: (task) => tasks.push(task),
    now: () => (clock += costMs),
  });
  /** Runs the scheduled slices; returns how many ran. */
  const drain = () => {
    let ran = 0;
    while (tasks.length) {
      tasks.shift()!();
      ran++;
    }
    return ran;
  };
  return { urls, queue, tasks, revoked, drain };
}

describe('thumb queue', () => {
  it('sets nothing during the commit, then every src in later tasks', () => {
    const { urls, queue, tasks, drain } = setup();
    const imgs = [fakeImg(), fakeImg(), fakeImg()];
    for (const [i, img] of imgs.entries()) queue.show(img, new Blob([String(i)]));
    expect(imgs.map((img) => img.src)).toEqual(['', '', '']);
    expect(tasks).toHaveLength(1);
    drain();
    expect(imgs.map((img) => img.src)).toEqual(['blob:test/0', 'blob:test/1', 'blob:test/2']);
    expect(urls.size()).toBe(3);
    expect(queue.pending()).toBe(0);
  });

  it('stops a slice after sliceMs and goes on in the next task', () => {
    const { queue, drain } = setup(2); // every clock read moves 2 ms: 3 tiles fill a 6 ms slice
    const imgs = Array.from({ length: 10 }, fakeImg);
    for (const img of imgs) queue.show(img, new Blob(['x']));
    expect(drain()).toBe(4);
    expect(imgs.every((img) => img.src !== '')).toBe(true);
  });

  it('a cleared <img> before its slice gets no URL; after it, its URL is released and revoked', () => {
    const { urls, queue, revoked, drain } = setup();
    const early = fakeImg();
    queue.show(early, new Blob(['a']));
    queue.clear(early);
    drain();
    expect(early.src).toBe('');
    expect(urls.size()).toBe(0);
    const late = fakeImg();
    queue.show(late, new Blob(['b']));
    drain();
    const url = late.src;
    queue.clear(late);
    expect(late.src).toBe('');
    expect(revoked.has(url)).toBe(true);
    expect(urls.size()).toBe(0);
  });

  it('a new Blob replaces the old one in place: the old URL stays until the new one is set', () => {
    const { urls, queue, revoked, drain } = setup();
    const img = fakeImg();
    queue.show(img, new Blob(['a']));
    drain();
    const first = img.src;
    queue.show(img, new Blob(['b']));
    expect(img.src).toBe(first);
    expect(revoked.has(first)).toBe(false);
    drain();
    expect(img.src).not.toBe(first);
    expect(revoked.has(first)).toBe(true);
    expect(urls.size()).toBe(1);
  });

  it('one Blob on two <img>s shares a URL, revoked with its last user; never set once revoked', () => {
    const { urls, queue, revoked, drain } = setup();
    const blob = new Blob(['a']);
    const [a, b] = [fakeImg(), fakeImg()];
    queue.show(a, blob);
    queue.show(b, blob);
    drain();
    const shared = a.src;
    expect(b.src).toBe(shared);
    queue.clear(a);
    expect(revoked.size).toBe(0);
    queue.clear(b);
    expect(revoked.has(shared)).toBe(true);
    // Shown again later: a fresh URL, not the revoked one.
    const c = fakeImg();
    queue.show(c, blob);
    drain();
    expect(revoked.has(c.src)).toBe(false);
    expect(urls.size()).toBe(1);
  });

  it('showing what an <img> already shows drops its pending change', () => {
    const { queue, drain } = setup();
    const img = fakeImg();
    const a = new Blob(['a']);
    queue.show(img, a);
    drain();
    const first = img.src;
    queue.show(img, new Blob(['b']));
    queue.show(img, a);
    expect(queue.pending()).toBe(0);
    drain();
    expect(img.src).toBe(first);
  });
});
