/**
 * Makes tfjs's multi-threaded WebAssembly backend work in a minified build.
 *
 * The cause of the hang: tfjs-backend-wasm hands each pthread worker the main script as
 * `new Blob(['var WasmBackendModuleThreadedSimd = ' + wasmFactoryThreadedSimd.toString()])`, i.e. the
 * SOURCE TEXT of the factory function as it exists in the bundle. Emscripten's factory is a closure
 * (it reads `_scriptDir` from the IIFE around it, guarded by `typeof _scriptDir !== "undefined"`).
 * The minifier renames `_scriptDir` and, knowing the variable is declared, drops the typeof guard
 * (`e!==void 0&&e`). Evaluated alone in the pthread worker, that free `e` throws a ReferenceError,
 * the worker never reports "loaded", and Emscripten waits for it forever: the backend init hangs.
 * The dev server serves tfjs unminified, which is why only the production build hung.
 *
 * The fix: give the pthread workers Emscripten's own, untouched script (imported as raw text, which
 * no minifier rewrites) instead of the minified function's toString(). The main thread keeps the
 * bundled factory; both come from the same file, so they agree on the wasm imports.
 */
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import type { Plugin } from 'vite';

const TARGET = /tfjs-backend-wasm\/dist\/backend_wasm\.js$/;
const TO_STRING = /`var WasmBackendModuleThreadedSimd = `\s*\+\s*wasmFactoryThreadedSimd\.toString\(\)/;

function threadedGlueScript(): string {
  const require = createRequire(import.meta.url);
  const main = require.resolve('@tensorflow/tfjs-backend-wasm'); // .../dist/tf-backend-wasm.node.js
  return resolve(dirname(main), '..', 'wasm-out', 'tfjs-backend-wasm-threaded-simd.js');
}

export function wasmThreadsPlugin(): Plugin {
  let patched = false;
  return {
    name: 'gradcam-wasm-threads',
    apply: 'build',
    transform(code, id) {
      if (!TARGET.test(id.replace(/\\/g, '/').split('?')[0])) return undefined;
      if (!TO_STRING.test(code)) {
        this.error(
          'tfjs-backend-wasm changed: its pthread main script is no longer built from ' +
            'wasmFactoryThreadedSimd.toString(); re-check scripts/vite-plugin-wasm-threads.ts',
        );
      }
      patched = true;
      const glue = JSON.stringify(`${threadedGlueScript()}?raw`);
      return {
        code: `import __gradcamThreadedGlue from ${glue};\n${code.replace(TO_STRING, '__gradcamThreadedGlue')}`,
        map: null,
      };
    },
    buildEnd(error) {
      // The worker bundle is the one that imports tfjs-backend-wasm: it must have been patched.
      if (!error && !patched) this.warn('tfjs-backend-wasm was not seen: threaded wasm left unpatched');
    },
  };
}
