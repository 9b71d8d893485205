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
 * - Cross-origin isolation: every same-origin response it serves gets COOP/COEP headers (the
 *   technique of coi-serviceworker), so the page, once this worker controls it (after one reload),
 *   is crossOriginIsolated and the wasm backend can run one thread per core on a static host that
 *   sends no such headers. COEP `credentialless`: cross-origin fetches of models keep working (they
 *   are CORS requests, which `require-corp` would allow too; credentialless also lets a no-cors
 *   subresource through, without cookies).
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

const ISOLATION_HEADERS: Record<string, string> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'credentialless',
};

/** Statuses whose Response may carry no body. */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/** The response with the isolation headers added (opaque and error responses pass as they are). */
function isolated(response: Response): Response {
  if (response.status === 0 || response.type === 'opaque' || response.type === 'opaqueredirect')
    return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(ISOLATION_HEADERS)) headers.set(name, value);
  const body = NULL_BODY.has(response.status) ? null : response.body;
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}

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
let keeping: Promise<void> | null = null;
function keepDefaultModel(): Promise<void> {
  // One at a time: a page reloaded meanwhile (isolation) asks again; nothing is fetched twice.
  keeping ??= fetchDefaultModel().finally(() => {
    keeping = null;
  });
  return keeping;
}

async function fetchDefaultModel(): Promise<void> {
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
    event.respondWith(networkFirstPage(request).then(isolated));
  } else if (isModel(url)) {
    event.respondWith(fromCacheOrNetwork(request).then(isolated));
  } else if (isSample(url)) {
    event.respondWith(cacheFirst(request, DATA_CACHE).then(isolated));
  } else {
    event.respondWith(cacheFirst(request, SHELL_CACHE).then(isolated));
  }
});
