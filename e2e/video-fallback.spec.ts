/**
 * Issue 14: the element-seek fallback. A video whose container the worker's demuxer does not read
 * (the cut clip's VP8 stream in Ogg; scripts/make-video-fixtures.sh) but the browser plays is analysed
 * by seeking a <video>: the same samples and the cut found. wasm backend, default model.
 */
import { expect, test } from '@playwright/test';
import { CUT_CLIP, ensureVideoClips } from '../src/node/video-clips';
import { FIRST_MAP_TIMEOUT, StudioPage } from './support/studio';

const clips = ensureVideoClips();

test('a video the worker cannot read (VP8 in Ogg): analysed by seeking the player, the cut found', async ({
  page,
}) => {
  const studio = new StudioPage(page);
  await studio.open({ backend: 'wasm' });
  await expect(studio.status).toContainText('Ready', { timeout: FIRST_MAP_TIMEOUT });
  const baseline = await studio.numTensors();
  await page.getByTestId('mode-video').check();
  await page.getByTestId('video-input').setInputFiles(clips.cutOgg);
  await expect(page.getByTestId('video-analyse')).toBeEnabled();
  await page.getByTestId('video-analyse').click();
  await expect(page.getByTestId('timeline')).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
  const result = await studio.video();
  expect(result.decodedIn).toBe('element');
  await expect(page.getByTestId('video-decoded-in')).toHaveText(/seeking the player/);
  await expect(page.getByTestId('video-error')).toHaveCount(0);
  expect(result.framesAnalysed).toBe(CUT_CLIP.duration * 10);
  const { cutAt } = CUT_CLIP;
  expect(result.keyframes.some((k) => Math.abs(k.time - cutAt) <= 0.25)).toBe(true);
  const before = result.frames.filter((f) => f.time < cutAt).at(-1)!;
  const after = result.frames.find((f) => f.time > cutAt)!;
  expect(after.classIndex).not.toBe(before.classIndex);
  await expect(page.getByTestId('keyframe')).toHaveCount(result.keyframes.length);
  await studio.expectTensors(baseline);
  expect(studio.errors).toEqual([]);
});
