/**
 * Latest frame wins: at most one frame in the worker and one waiting. A newer frame replaces the
 * waiting one (which is dropped, so its resources can be released), never queues behind it, so the
 * result on screen is at most one frame old. Framework-free: the clock is injected.
 */

export interface FrameStats {
  /** Results per second over the last window. */
  fps: number;
  /** Capture -> result milliseconds of the last result. */
  latencyMs: number;
  completed: number;
  dropped: number;
  /** Frames submitted (the camera's delivered frames, where the loop reads its track). */
  received: number;
}

export interface LatestWinsOptions<F, R> {
  /** Processes one frame (the worker call). */
  process(frame: F): Promise<R>;
  /** A frame that will never be processed (replaced, or the scheduler stopped). */
  drop?(frame: F): void;
  onResult?(result: R, frame: F, stats: FrameStats): void;
  onError?(error: unknown, frame: F): void;
  now?(): number;
  /** fps window in milliseconds (default 2000). */
  windowMs?: number;
}

export class LatestWinsScheduler<F, R> {
  private busy = false;
  private waiting: { frame: F; at: number } | null = null;
  private stopped = false;
  private readonly done: number[] = [];
  private readonly now: () => number;
  private current: Promise<void> = Promise.resolve();
  readonly stats: FrameStats = { fps: 0, latencyMs: 0, completed: 0, dropped: 0, received: 0 };

  constructor(private readonly opts: LatestWinsOptions<F, R>) {
    this.now = opts.now ?? (() => performance.now());
  }

  /** True while a frame is being processed: a caller can skip grabbing a frame it would only drop. */
  get isBusy(): boolean {
    return this.busy;
  }

  get hasWaiting(): boolean {
    return this.waiting !== null;
  }

  submit(frame: F): void {
    this.stats.received += 1;
    if (this.stopped) {
      this.dropFrame(frame);
      return;
    }
    const at = this.now();
    if (!this.busy) {
      this.start(frame, at);
      return;
    }
    if (this.waiting) this.dropFrame(this.waiting.frame);
    this.waiting = { frame, at };
  }

  /** Drops the waiting frame, lets the one in flight finish (its result is not reported). Resolves when idle. */
  stop(): Promise<void> {
    this.stopped = true;
    if (this.waiting) this.dropFrame(this.waiting.frame);
    this.waiting = null;
    return this.current;
  }

  /** Accept frames again after stop(); stats start over. */
  resume(): void {
    this.stopped = false;
    this.done.length = 0;
    Object.assign(this.stats, { fps: 0, latencyMs: 0, completed: 0, dropped: 0, received: 0 });
  }

  private dropFrame(frame: F): void {
    this.stats.dropped += 1;
    this.opts.drop?.(frame);
  }

  private start(frame: F, at: number): void {
    this.busy = true;
    // The waiting frame goes to the worker before this one's result is reported: the page's work on a
    // result (the store, the overlay) then runs while the worker computes, not between its frames.
    this.current = this.opts.process(frame).then(
      (result) => {
        this.startNext();
        if (this.stopped) return;
        const t = this.now();
        const window = this.opts.windowMs ?? 2000;
        this.done.push(t);
        // The last two results always count: a rate under one per window is slow, not zero.
        while (this.done.length > 2 && this.done[0] < t - window) this.done.shift();
        const span = this.done.length > 1 ? t - this.done[0] : 0;
        this.stats.fps = span > 0 ? ((this.done.length - 1) * 1000) / span : 0;
        this.stats.latencyMs = t - at;
        this.stats.completed += 1;
        this.opts.onResult?.(result, frame, { ...this.stats });
      },
      (error: unknown) => {
        this.startNext();
        if (!this.stopped) this.opts.onError?.(error, frame);
      },
    );
  }

  private startNext(): void {
    this.busy = false;
    const next = this.waiting;
    this.waiting = null;
    if (next && !this.stopped) this.start(next.frame, next.at);
    else if (next) this.dropFrame(next.frame);
  }
}
