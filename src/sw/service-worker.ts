/// <reference lib="webworker" />
/**
 * The offline service worker. Built by scripts/vite-plugin-offline.ts, which replaces the two
 * placeholders below with the build's version and the list of files that make the app shell.
 *
 * - App shell: precached on install, served cache-first (hashed files never change). It includes
 *   the sample photos (the page shows them on every visit) and the default model.
 * - Pages: network first, so a new deploy shows up; the cached shell when offline.
 * - Other models: cached the first time they are used, served cache-first.
 * - Cross-origin isolation: every same-origin response it serves gets COOP/COEP headers (the
 *   technique of coi-serviceworker), so the page, once this worker controls it (after one reload),
 *   is crossOriginIsolated and the wasm backend can run one thread per core on a static host that
 *   sends no such headers. COEP `credentialless`: cross-origin fetches of models keep working (they
 *   are CORS requests, which `require-corp` would allow too; credentialless also lets a no-cors
 *   subresource through, without cookies).
 * Caches are versioned; activate deletes every gradcam-* cache of another version.
 */
export {};

declare const self: ServiceWorkerGlobalScope;

const VERSION = '__GRADCAM_VERSION__';
const PRECACHE: string[] = JSON.parse('__GRADCAM_PRECACHE__');
const SHELL_CACHE = `gradcam-shell-${VERSION}`;
const DATA_CACHE = `gradcam-data-${VERSION}`;
const CURRENT = new Set([SHELL_CACHE, DATA_CACHE]);

const ISOLATION_HEADERS: Record<string, string> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'credentialless',
};

/** The response with the isolation headers added (opaque and error responses pass as they are). */
function isolated(response: Response): Response {
  if (response.status === 0 || response.type === 'opaque' || response.type === 'opaqueredirect')
    return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(ISOLATION_HEADERS)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
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

/** Model files and samples: whatever a first use fetched is kept for offline use. */
function isData(url: URL): boolean {
  const path = url.pathname.slice(new URL(self.registration.scope).pathname.length);
  return path.startsWith('models/') || path.startsWith('samples/');
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

/**
 * A model loaded before this worker took control of the page (the very first visit) was not seen
 * by the fetch handler: the page names it here and we fetch model.json, its weights and labels.
 */
async function cacheModel(modelJsonUrl: string): Promise<void> {
  const url = new URL(modelJsonUrl, self.registration.scope);
  if (url.origin !== self.location.origin) return;
  const cache = await caches.open(DATA_CACHE);
  // The default model is in the shell cache already: only fetch what no cache holds.
  let response = await caches.match(url.href);
  if (!response) {
    const fetched = await fetch(url);
    if (!fetched.ok) return;
    await cache.put(url.href, fetched.clone());
    response = fetched;
  }
  const modelJson = (await response.json()) as { weightsManifest?: { paths: string[] }[] };
  const files = (modelJson.weightsManifest ?? []).flatMap((group) => group.paths);
  await Promise.all(
    [...files, 'labels.json'].map(async (file) => {
      const fileUrl = new URL(file, url).href;
      if (await caches.match(fileUrl)) return;
      const fileResponse = await fetch(fileUrl);
      if (fileResponse.ok) await cache.put(fileUrl, fileResponse);
    }),
  );
}

self.addEventListener('message', (event) => {
  const data = event.data as { type?: string; url?: string } | undefined;
  if (data?.type === 'cache-model' && typeof data.url === 'string') {
    event.waitUntil(cacheModel(data.url).catch(() => undefined));
  }
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return; // remote models: the app caches them in IndexedDB
  if (request.mode === 'navigate') {
    event.respondWith(networkFirstPage(request).then(isolated));
  } else if (isData(url)) {
    event.respondWith(cacheFirst(request, DATA_CACHE).then(isolated));
  } else {
    event.respondWith(cacheFirst(request, SHELL_CACHE).then(isolated));
  }
});
