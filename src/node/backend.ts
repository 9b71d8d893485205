/** Backend set-up for Node: cpu, or wasm from node_modules (Node only). */
import { createRequire } from 'node:module';
import { dirname, sep } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

export type NodeBackend = 'cpu' | 'wasm';

let wasmPathsSet = false;

/** The folder with tfjs-backend-wasm's .wasm files, as a file path with a trailing separator. */
export function wasmDistDir(): string {
  const require = createRequire(import.meta.url);
  const main = require.resolve('@tensorflow/tfjs-backend-wasm');
  // main is .../tfjs-backend-wasm/dist/tf-backend-wasm.node.js (or similar) inside dist/.
  let dir = dirname(main);
  while (!dir.endsWith(`${sep}dist`) && dirname(dir) !== dir) dir = dirname(dir);
  return `${dir}${sep}`;
}

/** Switches tfjs to `name` and checks that it really is active (a wrong wasm path falls back silently). */
export async function setNodeBackend(name: NodeBackend): Promise<void> {
  if (name === 'wasm' && !wasmPathsSet) {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    setWasmPaths(wasmDistDir());
    wasmPathsSet = true;
  }
  const ok = await tf.setBackend(name);
  await tf.ready();
  if (!ok || tf.getBackend() !== name) throw new Error(`tfjs backend '${name}' failed to initialise`);
}
