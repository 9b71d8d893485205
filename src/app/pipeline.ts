/**
 * The pipeline: one reconcile, subscribed to the part of the store that says what work is wanted
 * (not opacity, colour map or view: the stage redraws those itself). It makes sure an engine runs
 * for the wanted backend, then runs the first stage (src/app/stages.ts) whose result is out of
 * date. Each result lands in the store, which calls reconcile again, until everything is up to date.
 */

import { methodOptionsWork } from '../state/slices/method-options';
import { wantedModelCost } from '../state/slices/session';
import type { AppState, AppStore } from '../state/store';
import type { ModelSource } from '../worker/protocol';
import { type EngineHost, EngineRoom } from './engine';
import { Jobs } from './jobs';
import { STAGES, type Stage } from './stages';

export interface PipelineOptions {
  store: AppStore;
  host: EngineHost;
  stages?: readonly Stage[];
  onModelLoaded?(source: ModelSource): void;
  now?(): number;
}

/** What the stages read: any change here may make a stage out of date. */
function wantedWork(s: AppState): unknown[] {
  return [
    s.backendRequest,
    s.engineUse,
    s.modelCost,
    s.backend,
    s.modelSource,
    s.failedModel,
    s.model,
    s.image,
    s.preprocessWanted,
    s.inputSizeWanted,
    s.analysis,
    s.classIndex,
    s.layer,
    s.method,
    s.map,
    s.thumbs,
    s.cancelledKey,
    // The dataset stage (src/app/dataset/stage.ts).
    s.dataset,
    s.datasetMode,
    s.datasetClass,
    s.datasetVisible,
    s.datasetOpened,
    s.datasetForwardOnly,
    ...methodOptionsWork(s),
    s.trustQueue,
    s.trustCancelled,
    s.metrics,
    s.compare,
    s.sanity,
  ];
}

function sameItems(a: unknown[], b: unknown[]): boolean {
  return a.length === b.length && a.every((item, i) => Object.is(item, b[i]));
}

export class Pipeline {
  readonly jobs: Jobs;
  readonly engines: EngineRoom;
  private readonly store: AppStore;
  private readonly stages: readonly Stage[];
  private scheduled = false;
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly options: PipelineOptions) {
    this.store = options.store;
    this.stages = options.stages ?? STAGES;
    this.jobs = new Jobs(this.store);
    this.engines = new EngineRoom(options.host, this.store, this.jobs, options.now);
  }

  /** Subscribes and reconciles once. */
  start(): void {
    if (this.unsubscribe) return;
    this.unsubscribe = this.store.subscribe(wantedWork, () => this.schedule(), { equalityFn: sameItems });
    this.schedule();
  }

  /** Unsubscribes, aborts what runs and stops the engine (tests). */
  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.jobs.abortAll();
    this.engines.current?.terminate();
  }

  /** Reconcile in a microtask: coalesces bursts of updates and never re-enters itself from setState. */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.reconcile();
    });
  }

  private reconcile(): void {
    const s = this.store.getState();
    if (!this.engines.ensure(s.backendRequest, s.engineUse, wantedModelCost(s))) return;
    const engine = this.engines.current;
    if (!engine) return;
    const ctx = { store: this.store, jobs: this.jobs, engine, onModelLoaded: this.options.onModelLoaded };
    for (const [i, stage] of this.stages.entries()) {
      const key = stage.wanted(s);
      if (key === null) {
        this.abortOutdated(s, i);
        return;
      }
      if (stage.has(s) === key) continue;
      if (!this.jobs.running(stage.name, key)) {
        this.abortOutdated(s, i + 1);
        stage.run(ctx, s, key);
      }
      return;
    }
  }

  /** Jobs of later stages whose work is no longer wanted stop (a new image stops the old map). */
  private abortOutdated(s: AppState, from: number): void {
    for (const stage of this.stages.slice(from)) {
      const job = this.jobs.get(stage.name);
      if (job && job.key !== stage.wanted(s)) this.jobs.abort(stage.name);
    }
  }

  /** The user cancelled the map: it stays cancelled until a selection changes (cancelledKey). */
  cancel(stage: string): string | null {
    const job = this.jobs.get(stage);
    if (!job) return null;
    this.jobs.abort(stage);
    return job.key;
  }
}
