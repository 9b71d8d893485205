/**
 * Live Grad-CAM on the camera: frames go to a latest-frame-wins scheduler, so at most one frame is
 * in the worker and one waits, ready; the newest replaces the waiting one.
 *
 * Where the browser has MediaStreamTrackProcessor (Chromium), frames are read from the camera track
 * itself: they are the capture buffers (CPU memory), so the worker's copy of their planes is a
 * memcpy (under 1 ms for 640x480), and the VideoFrame travels as a handle (no bytes copied). A frame
 * taken from the <video> element is the compositor's GPU copy instead: reading it back cost 20-600 ms
 * per frame on a software GPU, more than the model. Elsewhere (no processor) each presented frame
 * of the element is grabbed (requestVideoFrameCallback), one grab at a time.
 */
import { closeFrame, type FrameResult, type FrameSource } from '../worker/frame-protocol';
import { type FrameStats, LatestWinsScheduler } from './latest-wins';
import { grabModelFrame } from './video-element';

export interface LiveLoopOptions {
  video: HTMLVideoElement;
  /** The camera's video track (read directly where the browser can). */
  track: () => MediaStreamTrack | null;
  /** The model's input [height, width]: element frames are scaled to it before they travel. */
  inputSize: () => [number, number];
  explain(frame: FrameSource): Promise<FrameResult>;
  onResult(result: FrameResult, stats: FrameStats): void;
  onError(error: unknown): void;
}

/** The longest a stopped loop waits for its pending read before it cancels it (no frame came). */
const END_AFTER_MS = 500;

type VideoWithCallback = HTMLVideoElement & {
  requestVideoFrameCallback?: (cb: () => void) => number;
  cancelVideoFrameCallback?: (id: number) => void;
};

/** Chromium's MediaStreamTrackProcessor (not in TypeScript's DOM library). */
type TrackProcessorClass = new (init: {
  track: MediaStreamTrack;
  maxBufferSize?: number;
}) => { readable: ReadableStream<VideoFrame> };

function trackProcessor(): TrackProcessorClass | null {
  const P = (globalThis as { MediaStreamTrackProcessor?: TrackProcessorClass }).MediaStreamTrackProcessor;
  return typeof P === 'function' && typeof VideoFrame !== 'undefined' ? P : null;
}

export class LiveLoop {
  private readonly scheduler: LatestWinsScheduler<FrameSource, FrameResult>;
  private running = false;
  private handle = 0;
  private grabbing = false;
  /** The track clone the processor reads (stopped with the loop; the picture's own track plays on). */
  private reading: { clone: MediaStreamTrack; end: () => void } | null = null;

  constructor(private readonly opts: LiveLoopOptions) {
    this.scheduler = new LatestWinsScheduler<FrameSource, FrameResult>({
      process: (frame) => opts.explain(frame),
      drop: closeFrame,
      onResult: (result, _frame, stats) => opts.onResult(result, stats),
      onError: (error) => opts.onError(error),
    });
  }

  get stats(): FrameStats {
    return this.scheduler.stats;
  }

  /** 'track' when frames come from the camera track, 'element' when grabbed from the <video>. */
  get source(): 'track' | 'element' | null {
    return !this.running ? null : this.reading ? 'track' : 'element';
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.scheduler.resume();
    const track = this.opts.track();
    const Processor = trackProcessor();
    if (track && Processor) this.readTrack(track, Processor);
    else this.next();
  }

  /** Stops reading; resolves once the frame in the worker (if any) is done. */
  stop(): Promise<void> {
    this.running = false;
    const video = this.opts.video as VideoWithCallback;
    if (video.cancelVideoFrameCallback) video.cancelVideoFrameCallback(this.handle);
    else cancelAnimationFrame(this.handle);
    const reading = this.reading;
    this.reading = null;
    // Not cancelled at once: the pending read ends with the next frame (closed), then the stream is
    // cancelled with no read pending. Cancelled during a read, Chromium can drop the frame it was
    // handing over unclosed ('A VideoFrame was garbage collected without being closed').
    if (reading) setTimeout(reading.end, END_AFTER_MS);
    return this.scheduler.stop();
  }

  /** Every captured frame to the scheduler, as it comes (the scheduler keeps only the newest waiting). */
  private readTrack(track: MediaStreamTrack, Processor: TrackProcessorClass): void {
    const clone = track.clone();
    const reader = new Processor({ track: clone, maxBufferSize: 1 }).readable.getReader();
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      void reader.cancel().catch(() => undefined);
      clone.stop();
    };
    const reading = { clone, end };
    this.reading = reading;
    const pump = async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          if (this.reading !== reading) {
            value.close();
            break;
          }
          this.scheduler.submit(value);
        }
      } catch {
        // The track ended (the camera went away: Camera reports it) or the loop stopped.
      }
      end();
    };
    void pump();
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
      const frame = await grabModelFrame(video, this.opts.inputSize());
      if (this.running) this.scheduler.submit(frame);
      else closeFrame(frame);
    } catch {
      // A frame that could not be grabbed (the stream just stopped): the next one will do.
    } finally {
      this.grabbing = false;
    }
  }
}
