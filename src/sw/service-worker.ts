/// <reference lib="webworker" />
/**
 * The offline service worker. Built by scripts/vite-plugin-offline.ts, which replaces the two
 * placeholders below with the build's version and the list of files that make the app shell.
 *
 * - App shell: precached on install, served cache-first (hashed files never change). It includes
 *   the sample photos (the page shows them on every visit).
 * - Pages: network first, so a new deploy shows up; the cached shell when offline.
 * - Models: the model worker keeps every model it downloads in the model cache (src/sw/cache-names.ts)
 *   and reads it first; here they are served from that cache, never stored a second time. The
 *   default model is fetched into it only when the page says a model has loaded and it is missing.
 * Shell and data caches are versioned; activate deletes every gradcam-* cache of another version.
 */
export {};

declare const self: ServiceWorkerGlobalScope;

const VERSION = '__GRADCAM_VERSION__';
const PRECACHE: string[] = JSON.parse('__GRADCAM_PRECACHE__');
const DEFAULT_MODEL: string[] = JSON.parse('__GRADCAM_DEFAULT_MODEL__');
const MODEL_CACHE = '__GRADCAM_MODEL_CACHE__';
const SHELL_CACHE = `gradcam-shell-${VERSION}`;
const DATA_CACHE = `gradcam-data-${VERSION}`;
const CURRENT = new Set([SHELL_CACHE, DATA_CACHE, MODEL_CACHE]);

const scopeUrl = (path: string) => new URL(path, self.registration.scope).href;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      .then((cache) => cache.addAll(PRECACHE.map(scopeUrl)))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((key) => key.startsWith('gradcam-') && !CURRENT.has(key))
            .map((key) => caches.delete(key)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

function scopePath(url: URL): string {
  return url.pathname.slice(new URL(self.registration.scope).pathname.length);
}

/** Samples: whatever a first use fetched is kept for offline use. */
function isSample(url: URL): boolean {
  return scopePath(url).startsWith('samples/');
}

/** Model files: the model worker stores them in the model cache; only read them here. */
function isModel(url: URL): boolean {
  return scopePath(url).startsWith('models/');
}

async function fromCacheOrNetwork(request: Request): Promise<Response> {
  return (await caches.match(request, { ignoreSearch: true })) ?? fetch(request);
}

async function cacheFirst(request: Request, cacheName: string): Promise<Response> {
  const cached = await caches.match(request, { ignoreSearch: true });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && response.type === 'basic') {
    const copy = response.clone();
    caches.open(cacheName).then((cache) => cache.put(request, copy));
  }
  return response;
}

async function networkFirstPage(request: Request): Promise<Response> {
  try {
    const response = await fetch(request);
    if (response.ok) {
      const copy = response.clone();
      caches.open(SHELL_CACHE).then((cache) => cache.put(scopeUrl('./'), copy));
    }
    return response;
  } catch (error) {
    const shell = (await caches.match(scopeUrl('./'))) ?? (await caches.match(scopeUrl('index.html')));
    if (shell) return shell;
    throw error;
  }
}

/** The default model's files that no cache holds yet go into the model cache (for offline use). */
async function keepDefaultModel(): Promise<void> {
  const cache = await caches.open(MODEL_CACHE);
  await Promise.all(
    DEFAULT_MODEL.map(async (path) => {
      const url = scopeUrl(path);
      if (await caches.match(url)) return;
      const response = await fetch(url);
      if (response.ok) await cache.put(url, response);
    }),
  );
}

self.addEventListener('message', (event) => {
  const data = event.data as { type?: string } | undefined;
  if (data?.type === 'keep-default-model') event.waitUntil(keepDefaultModel().catch(() => undefined));
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return; // remote models: the model worker caches them
  if (request.mode === 'navigate') {
    event.respondWith(networkFirstPage(request));
  } else if (isModel(url)) {
    event.respondWith(fromCacheOrNetwork(request));
  } else if (isSample(url)) {
    event.respondWith(cacheFirst(request, DATA_CACHE));
  } else {
    event.respondWith(cacheFirst(request, SHELL_CACHE));
  }
});
