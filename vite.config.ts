import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';
import { offlinePlugin } from './scripts/vite-plugin-offline';
import { DEFAULT_MODEL_ID } from './src/gradcam/catalogue';

// base './' keeps every asset URL relative, so the static build works from any sub-path.
export default defineConfig({
  base: './',
  plugins: [react(), offlinePlugin({ defaultModelId: DEFAULT_MODEL_ID })],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 4096,
  },
  preview: { port: 4173, strictPort: true },
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
  },
});
