/**
 * Main-thread weight of the production build: the gzip size of the JavaScript the page loads
 * before anything is lazy-loaded (the entry chunk and its static imports), and whether any of it
 * contains tfjs (it must not: all model work lives in the worker).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';

/** A string only tfjs-core's engine contains, minified or not. */
const TFJS_MARKER = 'Make sure to await tf.ready() or await tf.setBackend()';

export interface PageWeight {
  entryFiles: string[];
  entryJsGzipBytes: number;
  tfjsOnMainThread: boolean;
}

function staticImports(code: string): string[] {
  // import"./a.js"; import{x}from"./b.js"; export{y}from"./c.js" -- but not import("./lazy.js")
  const found = new Set<string>();
  for (const match of code.matchAll(/(?:\bimport|\bfrom)\s*["'](\.{1,2}\/[^"']+\.js)["']/g))
    found.add(match[1]);
  return [...found];
}

export function measurePageWeight(distDir = 'dist'): PageWeight {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const queue = [...html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g)].map((match) => match[1]);
  queue.push(
    ...[...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)].map((match) => match[1]),
  );
  const seen = new Set<string>();
  let gzipBytes = 0;
  let tfjs = false;
  while (queue.length) {
    const file = normalize(join(distDir, queue.shift()!));
    if (seen.has(file) || !existsSync(file)) continue;
    seen.add(file);
    const code = readFileSync(file);
    gzipBytes += gzipSync(code, { level: 9 }).length;
    const text = code.toString('utf8');
    if (text.includes(TFJS_MARKER)) tfjs = true;
    for (const path of staticImports(text))
      queue.push(join(dirname(file).slice(normalize(distDir).length), path));
  }
  return { entryFiles: [...seen], entryJsGzipBytes: gzipBytes, tfjsOnMainThread: tfjs };
}
