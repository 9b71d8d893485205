/**
 * The pipeline's jobs: at most one per stage, each with the key of the work it does and an
 * AbortController. A newer job (or an abort) supersedes it; its result is then dropped here, in
 * `run`, the one place where stale results are dropped.
 */
import { isAbortError } from '../gradcam/abort';
import type { AppStore } from '../state/store';

export interface Job {
  readonly stage: string;
  readonly key: string;
  readonly label: string;
  readonly signal: AbortSignal;
  /** Still the stage's current job (not superseded, not aborted). */
  current(): boolean;
}

interface Entry extends Job {
  controller: AbortController;
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class Jobs {
  private readonly jobs = new Map<string, Entry>();

  constructor(private readonly store: AppStore) {}

  /** The running job of a stage, if any. */
  get(stage: string): Job | undefined {
    return this.jobs.get(stage);
  }

  /** The stage is busy with exactly this work. */
  running(stage: string, key: string): boolean {
    return this.jobs.get(stage)?.key === key;
  }

  abort(...stages: string[]): void {
    for (const stage of stages) {
      this.jobs.get(stage)?.controller.abort();
      this.jobs.delete(stage);
    }
    this.updateRunning();
  }

  abortAll(): void {
    this.abort(...this.jobs.keys());
  }

  /**
   * Runs `work` as the stage's job (aborting the one it replaces). `done` gets the result only while
   * the job is current; `failed` gets errors other than aborts, likewise.
   */
  async run<T>(
    stage: string,
    key: string,
    label: string,
    work: (job: Job) => Promise<T>,
    done: (result: T) => void,
    failed: (error: unknown) => void,
  ): Promise<void> {
    this.jobs.get(stage)?.controller.abort();
    const controller = new AbortController();
    const entry: Entry = {
      stage,
      key,
      label,
      controller,
      signal: controller.signal,
      current: () => this.jobs.get(stage) === entry && !controller.signal.aborted,
    };
    this.jobs.set(stage, entry);
    this.updateRunning();
    let result: T;
    try {
      result = await work(entry);
    } catch (error) {
      if (!this.finish(entry) || isAbortError(error)) return;
      failed(error);
      return;
    }
    if (this.finish(entry)) done(result);
  }

  /** Ends a job; false when it was superseded (its result is stale). */
  private finish(entry: Entry): boolean {
    if (!entry.current()) return false;
    this.jobs.delete(entry.stage);
    this.updateRunning();
    return true;
  }

  /** The status bar's "what is running" line. */
  private updateRunning(): void {
    const labels = [...this.jobs.values()].map((job) => job.label);
    const running = labels.length ? labels.join(' · ') : null;
    if (this.store.getState().running !== running) this.store.setState({ running });
  }
}
