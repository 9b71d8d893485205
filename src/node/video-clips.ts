/** The video test clips (scripts/make-video-fixtures.sh), made on first use; and raw frames via ffmpeg (Node only). */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './resolve-model';

export const VIDEO_CLIPS_DIR = join(REPO_ROOT, 'e2e', 'fixtures', 'video');

/** The cut clip: 3 s of chelsea.png then 3 s of coffee.png, 320x240 at 30 fps. */
export const CUT_CLIP = { file: 'cut.webm', cutAt: 3, duration: 6, frameRate: 30, width: 320, height: 240 };

/** The cut clip's VP8 stream in Ogg: played by Chromium, not read by the worker (the element-seek fallback). */
export const CUT_CLIP_OGG = 'cut.ogv';

export function ensureVideoClips(): { cut: string; cutOgg: string; camera: string } {
  const cut = join(VIDEO_CLIPS_DIR, CUT_CLIP.file);
  const cutOgg = join(VIDEO_CLIPS_DIR, CUT_CLIP_OGG);
  const camera = join(VIDEO_CLIPS_DIR, 'camera.mjpeg');
  if (![cut, cutOgg, camera].every((f) => existsSync(f))) {
    execFileSync(join(REPO_ROOT, 'scripts', 'make-video-fixtures.sh'), [VIDEO_CLIPS_DIR], { stdio: 'pipe' });
  }
  return { cut, cutOgg, camera };
}

/** Every frame of a clip as RGB bytes at width x height (ffmpeg decodes, scales). */
export function decodeFrames(file: string, width: number, height: number): Uint8Array[] {
  const raw = execFileSync(
    'ffmpeg',
    [
      '-v',
      'error',
      '-i',
      file,
      '-vf',
      `scale=${width}:${height}`,
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      '-',
    ],
    { maxBuffer: 1 << 30 },
  );
  const size = width * height * 3;
  const frames: Uint8Array[] = [];
  for (let at = 0; at + size <= raw.length; at += size) frames.push(raw.subarray(at, at + size));
  return frames;
}
