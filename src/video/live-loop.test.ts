import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FrameResult, FrameSource } from '../worker/frame-protocol';
import { LiveLoop } from './live-loop';

/** A camera frame that records whether it was closed. */
class FakeFrame {
  closed = false;
  constructor(readonly id: number) {}
  close() {
    this.closed = true;
  }
}

/**
 * A camera track read through a MediaStreamTrackProcessor: each read waits for the camera's next
 * frame. Records whether a read was pending when the reader was cancelled (Chromium can then drop
 * the frame it was handing over, unclosed).
 */
function fakeCamera() {
  const frames: FakeFrame[] = [];
  const pending: ((r: ReadableStreamReadResult<FakeFrame>) => void)[] = [];
  const log: string[] = [];
  const reader = {
    read: () => new Promise<ReadableStreamReadResult<FakeFrame>>((resolve) => pending.push(resolve)),
    cancel: async () => {
      log.push(pending.length > 0 ? 'cancel during a read' : 'cancel');
      for (const resolve of pending.splice(0)) resolve({ done: true, value: undefined });
    },
  };
  const clone = { stop: () => log.push('track stopped') };
  vi.stubGlobal('VideoFrame', FakeFrame);
  vi.stubGlobal(
    'MediaStreamTrackProcessor',
    class {
      readable = { getReader: () => reader };
    },
  );
  return {
    track: { clone: () => clone } as unknown as MediaStreamTrack,
    frames,
    log,
    deliver() {
      const frame = new FakeFrame(frames.length);
      frames.push(frame);
      pending.shift()?.({ done: false, value: frame });
    },
  };
}

function loopOn(camera: ReturnType<typeof fakeCamera>, sent: FakeFrame[]) {
  return new LiveLoop({
    video: { cancelVideoFrameCallback: () => undefined } as unknown as HTMLVideoElement,
    track: () => camera.track,
    inputSize: () => [224, 224],
    // The worker owns (and closes) what it is sent.
    explain: async (frame: FrameSource) => {
      sent.push(frame as unknown as FakeFrame);
      return {} as FrameResult;
    },
    onResult: () => undefined,
    onError: () => undefined,
  });
}

const settle = () => new Promise((r) => setTimeout(r, 0));

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('LiveLoop (camera track)', () => {
  it('on stop, lets the pending read end with a frame (closed), then cancels with no read pending', async () => {
    const camera = fakeCamera();
    const sent: FakeFrame[] = [];
    const loop = loopOn(camera, sent);
    loop.start();
    expect(loop.source).toBe('track');
    camera.deliver();
    await settle();
    expect(sent.map((f) => f.id)).toEqual([0]);
    await loop.stop();
    expect(camera.log).toEqual([]); // the read is still pending: not cancelled yet
    camera.deliver();
    await settle();
    expect(camera.log).toEqual(['cancel', 'track stopped']);
    expect(sent.map((f) => f.id)).toEqual([0]);
    expect(camera.frames[1].closed).toBe(true);
  });

  it('cancels anyway when no frame comes after stop', async () => {
    vi.useFakeTimers();
    const camera = fakeCamera();
    const loop = loopOn(camera, []);
    loop.start();
    await loop.stop();
    expect(camera.log).toEqual([]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(camera.log).toEqual(['cancel during a read', 'track stopped']);
    // A restart reads a new clone of the track.
    loop.start();
    expect(loop.source).toBe('track');
  });
});
