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
 * A camera track read through a MediaStreamTrackProcessor, as the spec has it: the processor's
 * stream queues the frames the camera delivers; stopping the track closes the stream (frames
 * already queued stay readable).
 */
function fakeCamera() {
  let controller!: ReadableStreamDefaultController<FakeFrame>;
  const readable = new ReadableStream<FakeFrame>(
    {
      start(c) {
        controller = c;
      },
      cancel() {
        ended = true;
      },
    },
    { highWaterMark: 8 },
  );
  let ended = false;
  const clone = {
    stop() {
      // A stream already cancelled by its reader has nothing left to close.
      if (!ended) controller.close();
      ended = true;
    },
  };
  const track = { clone: () => clone } as unknown as MediaStreamTrack;
  vi.stubGlobal('VideoFrame', FakeFrame);
  vi.stubGlobal(
    'MediaStreamTrackProcessor',
    class {
      readable = readable;
    },
  );
  const frames: FakeFrame[] = [];
  return {
    track,
    frames,
    deliver() {
      const frame = new FakeFrame(frames.length);
      frames.push(frame);
      controller.enqueue(frame);
    },
  };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

afterEach(() => vi.unstubAllGlobals());

describe('LiveLoop (camera track)', () => {
  it('closes every frame it does not send, also those still queued in the stream when it stops', async () => {
    const camera = fakeCamera();
    const sent: FakeFrame[] = [];
    let finish!: () => void;
    const loop = new LiveLoop({
      video: { cancelVideoFrameCallback: () => undefined } as unknown as HTMLVideoElement,
      track: () => camera.track,
      inputSize: () => [224, 224],
      explain: (frame: FrameSource) => {
        // The worker owns (and closes) what it is sent.
        sent.push(frame as unknown as FakeFrame);
        return new Promise<FrameResult>((resolve) => {
          finish = () => resolve({} as FrameResult);
        });
      },
      onResult: () => undefined,
      onError: () => undefined,
    });
    loop.start();
    expect(loop.source).toBe('track');
    camera.deliver();
    await settle();
    expect(sent.map((f) => f.id)).toEqual([0]);
    // While frame 0 is in the worker: 1 waits, then 2 replaces it (1 is closed).
    camera.deliver();
    camera.deliver();
    await settle();
    // Frames the camera delivered in the same moment the loop stops: queued, not yet read.
    camera.deliver();
    camera.deliver();
    camera.deliver();
    const stopped = loop.stop();
    finish();
    await stopped;
    await settle();
    expect(sent.map((f) => f.id)).toEqual([0]);
    expect(camera.frames.filter((f) => !f.closed).map((f) => f.id)).toEqual([0]);
  });
});
