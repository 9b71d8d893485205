import { availableParallelism } from 'node:os';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';
import { offlinePlugin } from './scripts/vite-plugin-offline';
import { wasmThreadsPlugin } from './scripts/vite-plugin-wasm-threads';
import { DEFAULT_MODEL_ID } from './src/gradcam/catalogue';
import { CONTENT_SECURITY_POLICY } from './src/security/csp';

// base './' keeps every asset URL relative, so the static build works from any sub-path.
export default defineConfig({
  base: './',
  plugins: [
    react(),
    offlinePlugin({ defaultModelId: DEFAULT_MODEL_ID }),
    {
      // The CSP <meta> goes into the built index.html only: the dev server injects inline scripts
      // and <style> tags (React refresh, CSS hot reload) that the policy rightly refuses.
      name: 'gradcam-csp',
      apply: 'build',
      // Right after <meta charset>: a CSP meta only governs what comes after it.
      transformIndexHtml: (html) =>
        html.replace(
          /(<meta charset="UTF-8" \/>)/,
          `$1\n    <meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`,
        ),
    },
  ],
  // The model worker bundles tfjs: wasmThreadsPlugin makes its threaded wasm work once minified.
  worker: { format: 'es', plugins: () => [wasmThreadsPlugin()] },
  build: {
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 4096,
    // No inline polyfill script (the CSP allows none); every browser we support has modulepreload.
    modulePreload: { polyfill: false },
    // What the first view loads travels as one chunk (compressed together, one request); the lazy
    // parts (src/ui/lazy.tsx) keep chunks of their own.
    rolldownOptions: { output: { codeSplitting: { groups: [{ name: 'initial', tags: ['$initial'] }] } } },
  },
  preview: { port: 4173, strictPort: true },
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // Vitest's default in a run is one worker fewer than the cores: one test file at a time on CI's two
    // cores. The real-model tests are CPU-bound on single-threaded backends, so every core runs one
    // (493 s -> 257 s for the unit suite on 2 cores).
    maxWorkers: availableParallelism(),
  },
});
