/**
 * Gives the dataset tiles' <img>s their thumbnails after the commit that mounts them, a few at a time:
 * making an object URL is a synchronous round trip to the browser and setting `src` starts a request
 * (both ~2-3 ms a tile here), so a commit that mounted ~50 tiles in view and loaded them all spent
 * ~20 ms more in one task. The queue works in short slices (sliceMs), each its own task, so the page
 * stays responsive (issue 13: no main-thread task over 50 ms).
 * URLs come from a UrlCache (thumbnail-urls.ts): an <img> holds its Blob's URL from the slice that sets
 * its src until it shows another Blob or is cleared; a new Blob replaces the old one's URL on the same
 * <img> only once its own is set (no blank between), and a URL is never put on an <img> after its release.
 */
import { thumbnailUrls, type UrlCache } from '../../../app/dataset/thumbnail-urls';

export interface ThumbQueue {
  /** Shows `blob` on `img` in a later slice; until then `img` keeps what it shows (or nothing). */
  show(img: HTMLImageElement, blob: Blob): void;
  /** `img` shows nothing (its URL released, its pending show dropped): the <img> is going away. */
  clear(img: HTMLImageElement): void;
  /** <img>s waiting for their URL. */
  pending(): number;
}

interface Slot {
  /** The Blob whose URL `img.src` is (acquired), or null. */
  shown: Blob | null;
  /** The Blob to show next (queued), or null. */
  wanted: Blob | null;
}

/** Runs `task` in a new task of its own (a MessageChannel message: no 4 ms timer clamp). */
function nextTask(task: () => void): void {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    task();
  };
  channel.port2.postMessage(null);
}

export function createThumbQueue(
  urls: UrlCache,
  options: { sliceMs?: number; schedule?: (task: () => void) => void; now?: () => number } = {},
): ThumbQueue {
  const { sliceMs = 6, schedule = nextTask, now = () => performance.now() } = options;
  const slots = new WeakMap<HTMLImageElement, Slot>();
  const queue = new Set<HTMLImageElement>(); // insertion order: the first mounted first
  let scheduled = false;

  const slice = () => {
    scheduled = false;
    const start = now();
    for (const img of queue) {
      queue.delete(img);
      const slot = slots.get(img);
      if (!slot?.wanted) continue;
      const blob = slot.wanted;
      img.src = urls.acquire(blob);
      if (slot.shown) urls.release(slot.shown); // after the new src: the old URL is on no <img> now
      slot.shown = blob;
      slot.wanted = null;
      if (now() - start >= sliceMs) break;
    }
    if (queue.size > 0) {
      scheduled = true;
      schedule(slice);
    }
  };

  return {
    show(img, blob) {
      let slot = slots.get(img);
      if (!slot) {
        slot = { shown: null, wanted: null };
        slots.set(img, slot);
      }
      if (slot.shown === blob) {
        slot.wanted = null;
        queue.delete(img);
        return;
      }
      slot.wanted = blob;
      queue.add(img);
      if (!scheduled) {
        scheduled = true;
        schedule(slice);
      }
    },
    clear(img) {
      queue.delete(img);
      const slot = slots.get(img);
      if (!slot) return;
      slots.delete(img);
      if (slot.shown) {
        img.removeAttribute('src');
        urls.release(slot.shown);
      }
    },
    pending: () => queue.size,
  };
}

/** The page's tiles. */
export const thumbQueue = createThumbQueue(thumbnailUrls);
