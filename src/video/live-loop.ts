/**
 * Live Grad-CAM on a playing video element (the camera): every presented frame is grabbed at the
 * model's input size and handed to a latest-frame-wins scheduler, so at most one frame is in the
 * worker and one waits; the newest replaces the waiting one.
 */
import { closeFrame, type FrameResult, type FrameSource } from '../worker/frame-protocol';
import { type FrameStats, LatestWinsScheduler } from './latest-wins';
import { grabModelFrame } from './video-element';

export interface LiveLoopOptions {
  video: HTMLVideoElement;
  /** The model's input [height, width]: frames are scaled to it before they travel. */
  inputSize: () => [number, number];
  explain(frame: FrameSource): Promise<FrameResult>;
  onResult(result: FrameResult, stats: FrameStats): void;
  onError(error: unknown): void;
}

type VideoWithCallback = HTMLVideoElement & {
  requestVideoFrameCallback?: (cb: () => void) => number;
  cancelVideoFrameCallback?: (id: number) => void;
};

export class LiveLoop {
  private readonly scheduler: LatestWinsScheduler<FrameSource, FrameResult>;
  private running = false;
  private handle = 0;
  private grabbing = false;

  constructor(private readonly opts: LiveLoopOptions) {
    this.scheduler = new LatestWinsScheduler<FrameSource, FrameResult>({
      process: (bitmap) => opts.explain(bitmap),
      drop: closeFrame,
      onResult: (result, _frame, stats) => opts.onResult(result, stats),
      onError: (error) => opts.onError(error),
    });
  }

  get stats(): FrameStats {
    return this.scheduler.stats;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.scheduler.resume();
    this.next();
  }

  /** Stops grabbing; resolves once the frame in the worker (if any) is done. */
  stop(): Promise<void> {
    this.running = false;
    const video = this.opts.video as VideoWithCallback;
    if (video.cancelVideoFrameCallback) video.cancelVideoFrameCallback(this.handle);
    else cancelAnimationFrame(this.handle);
    return this.scheduler.stop();
  }

  private next(): void {
    if (!this.running) return;
    const video = this.opts.video as VideoWithCallback;
    const tick = () => {
      void this.grab();
      this.next();
    };
    this.handle = video.requestVideoFrameCallback
      ? video.requestVideoFrameCallback(tick)
      : requestAnimationFrame(tick);
  }

  private async grab(): Promise<void> {
    const { video } = this.opts;
    // One grab at a time, and none while a newer one could not be sent anyway.
    if (this.grabbing || !this.running || video.readyState < 2 || video.videoWidth === 0) return;
    this.grabbing = true;
    try {
      const bitmap = await grabModelFrame(video, this.opts.inputSize());
      if (this.running) this.scheduler.submit(bitmap);
      else closeFrame(bitmap);
    } catch {
      // A frame that could not be grabbed (the stream just stopped): the next one will do.
    } finally {
      this.grabbing = false;
    }
  }
}
