/**
 * A plain static file server, as dumb as GitHub Pages or a bucket: no COOP/COEP, no rewrites.
 * Serves a folder under a sub-path, so tests prove the build works from any path.
 *   tsx scripts/serve-static.ts [--dir dist] [--base /gradcam-demo/] [--port 4174]
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.md': 'text/markdown; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
};

export function serveStatic(options: {
  dir: string;
  base: string;
  port: number;
  host?: string;
  /** Send Access-Control-Allow-Origin: * (a model host other pages may load from). */
  cors?: boolean;
}): Promise<Server> {
  const root = resolve(options.dir);
  const base = options.base.endsWith('/') ? options.base : `${options.base}/`;
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    if (!path.startsWith(base)) {
      response.writeHead(404).end('not found');
      return;
    }
    let file = normalize(join(root, path.slice(base.length)));
    if (!file.startsWith(root)) {
      response.writeHead(403).end('forbidden');
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, {
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      'content-length': statSync(file).size,
      ...(options.cors ? { 'access-control-allow-origin': '*' } : {}),
    });
    createReadStream(file).pipe(response);
  });
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(options.port, options.host ?? '127.0.0.1', () => done(server));
  });
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const arg = (name: string, fallback: string) => {
    const at = process.argv.indexOf(`--${name}`);
    return at > 0 ? process.argv[at + 1] : fallback;
  };
  const options = {
    dir: arg('dir', 'dist'),
    base: arg('base', '/gradcam-demo/'),
    port: Number(arg('port', '4174')),
  };
  await serveStatic(options);
  console.log(`Serving ${options.dir} at http://127.0.0.1:${options.port}${options.base}`);
}
