/**
 * The page's Content-Security-Policy (a <meta> tag the build puts into index.html; see vite.config.ts).
 * Only the page's own origin may run scripts (no inline script, no eval; 'wasm-unsafe-eval' for
 * tfjs's WebAssembly backend), workers come from the page's origin (or blob:), and the page may
 * fetch from its own origin, any https host and this computer's loopback: models at a user's own
 * host. model-url.ts says why that keeps the privacy promise, and when the page asks first.
 */

/** Hosts of the catalogue's remote models, plus where tfhub.dev redirects (Kaggle, then Google Storage). */
export const MODEL_HOSTS = [
  'https://storage.googleapis.com',
  'https://raw.githubusercontent.com',
  'https://tfhub.dev',
  'https://www.kaggle.com',
] as const;

/** A user's own model served from this computer (any port): the only plain-http sources. */
export const LOOPBACK_SOURCES = ['http://localhost:*', 'http://127.0.0.1:*'] as const;

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  `connect-src 'self' ${MODEL_HOSTS.join(' ')} https: ${LOOPBACK_SOURCES.join(' ')}`,
  "img-src 'self' blob: data:",
  // Video files play from an object URL (blob:): they never leave the device.
  "media-src 'self' blob:",
  "style-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

/** True when a model URL loads without asking (same origin or a catalogue host; others: model-url.ts). */
export function isAllowedModelUrl(url: URL, pageOrigin: string): boolean {
  if (url.origin === pageOrigin) return true;
  return (MODEL_HOSTS as readonly string[]).includes(url.origin);
}
