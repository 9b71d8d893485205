/**
 * Object URLs of the dataset's thumbnails, only while a tile shows one: a tile in the grid's visible
 * window acquires its JPEG's URL and releases it when it leaves. The tiles keep the JPEG Blobs; a URL
 * costs a synchronous round trip to the browser (~2 ms a tile measured here) and makes the <img> load
 * and decode it, which finished tiles out of view never need. Shared Blobs (the benchmark's repeated
 * tiles, two cells of one file) share one URL, revoked when the last user releases it.
 */

export interface UrlCache {
  acquire(blob: Blob): string;
  release(blob: Blob): void;
  /** URLs alive now. */
  size(): number;
}

export function createUrlCache(
  create: (blob: Blob) => string = (blob) => URL.createObjectURL(blob),
  revoke: (url: string) => void = (url) => URL.revokeObjectURL(url),
): UrlCache {
  const urls = new Map<Blob, { url: string; users: number }>();
  return {
    acquire(blob) {
      const entry = urls.get(blob);
      if (entry) {
        entry.users++;
        return entry.url;
      }
      const url = create(blob);
      urls.set(blob, { url, users: 1 });
      return url;
    },
    release(blob) {
      const entry = urls.get(blob);
      if (!entry || --entry.users > 0) return;
      urls.delete(blob);
      revoke(entry.url);
    },
    size: () => urls.size,
  };
}

/** The page's thumbnails. */
export const thumbnailUrls = createUrlCache();
