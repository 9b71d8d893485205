/**
 * What the dataset benchmarks share (dataset.bench.ts, dataset-trace.ts): their flags, and the
 * production build served and opened in headless Chromium on a sample photo, ready for a folder.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from '@playwright/test';
import { CHROMIUM_ARGS } from '../playwright.config';
import { serveStatic } from '../scripts/serve-static';

/** `--name value` from the command line (a value that is itself a flag does not count). */
export function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] && !process.argv[i + 1].startsWith('--')
    ? process.argv[i + 1]
    : fallback;
}

/** The page's URL also gets `--query` (e.g. debug-threads=1). */
export interface StudioOptions {
  dist: string;
  port: number;
  backend: string;
  /** Chromium flags besides the tests' own. */
  args?: string[];
}

/** The build served on `port`, the app open on the chelsea sample with its map ready. */
export async function openStudio(
  o: StudioOptions,
): Promise<{ browser: Browser; page: Page; close: () => Promise<void> }> {
  if (!existsSync(`${o.dist}/index.html`)) throw new Error(`no ${o.dist}/: run \`npm run build\` first`);
  const server = await serveStatic({ dir: o.dist, base: '/', port: o.port });
  const browser = await chromium.launch({
    executablePath: existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined,
    args: [...CHROMIUM_ARGS, ...(o.args ?? [])],
  });
  const close = async () => {
    await browser.close();
    server.close();
  };
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.addInitScript('window.__name = (f) => f;'); // tsx's helper for function names
    const query = option('query', '');
    await page.goto(
      `http://127.0.0.1:${o.port}/?backend=${o.backend}&sample=chelsea${query ? `&${query}` : ''}`,
    );
    await page.waitForSelector('[data-testid=overlay-canvas][data-state=ready]', { timeout: 120_000 });
    return { browser, page, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Runs a benchmark's main: its error printed, the exit code set. */
export function runBench(main: () => Promise<void>): void {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
