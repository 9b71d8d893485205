/**
 * The looks every screenshot script shoots, in Debian's Chromium: desktop 1280x800 and phone
 * 390x844 (2x, mobile), each light and dark, one fresh browser context a look.
 */
import { existsSync } from 'node:fs';
import { type BrowserContextOptions, chromium, type Page } from '@playwright/test';
import { CHROMIUM_ARGS } from '../playwright.config';

const SIZES = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };

export interface Look {
  device: keyof typeof SIZES;
  colorScheme: 'light' | 'dark';
}

/** Runs `shoot` on a new page for every look; the browser closes at the end, even on an error. */
export async function forEachLook(
  shoot: (page: Page, look: Look) => Promise<void>,
  options: { args?: string[]; context?: BrowserContextOptions } = {},
): Promise<void> {
  const browser = await chromium.launch({
    executablePath: existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined,
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
  });
  try {
    for (const device of Object.keys(SIZES) as Look['device'][]) {
      for (const colorScheme of ['light', 'dark'] as const) {
        const context = await browser.newContext({
          ...options.context,
          viewport: SIZES[device],
          colorScheme,
          deviceScaleFactor: device === 'phone' ? 2 : 1,
          isMobile: device === 'phone',
        });
        try {
          await shoot(await context.newPage(), { device, colorScheme });
        } finally {
          await context.close();
        }
      }
    }
  } finally {
    await browser.close();
  }
}
