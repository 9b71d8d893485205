/** loadModel: URL or IOHandler -> LoadedModel, detecting layers vs graph from model.json itself. */
import * as tf from '@tensorflow/tfjs';
import { throwIfAborted } from './abort';
import { type MetadataFinding, mergeMetadata, readUserDefinedMetadata } from './metadata';
import { GraphGradCamModel, LayersGradCamModel, type LoadedModel } from './model';
import type { GraphNodeDef } from './split-graph';
import type { ModelMeta } from './types';

export interface LoadOptions {
  /** Download progress in [0, 1] (URL sources). */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
  /** URL sources: fail when a request sends no data for this long (default 30 s). */
  stallTimeoutMs?: number;
  /** Refuse models whose manifest declares more weight bytes than this (default 1 GiB). */
  maxWeightBytes?: number;
  /**
   * Metadata found beside model.json (a Teachable Machine metadata.json, a labels file): applied
   * over `meta` after model.json's own userDefinedMetadata, in order (metadata.ts).
   */
  metadata?: readonly MetadataFinding[];
  /** The user's explicit choices (e.g. a preprocessing picked in the page): win over any metadata. */
  overrides?: Partial<ModelMeta>;
  /** What `meta` itself is, in LoadedModel.sources (default 'default'; 'catalogue' for catalogue entries). */
  metaSource?: string;
}

export const DEFAULT_STALL_TIMEOUT_MS = 30_000;
/** Browsers keep the weights in JS memory and again on the GPU; more than this does not fit most devices. */
export const DEFAULT_MAX_WEIGHT_BYTES = 1024 * 1024 * 1024;

const BYTES: Record<string, number> = {
  float32: 4,
  int32: 4,
  bool: 1,
  uint8: 1,
  uint16: 2,
  float16: 2,
  complex64: 8,
};

/** Expected weight bytes from a manifest's weight specs. */
export function expectedWeightBytes(specs: tf.io.WeightsManifestEntry[]): number {
  let total = 0;
  for (const spec of specs) {
    const count = spec.shape.reduce((a, b) => a * b, 1);
    const dtype = spec.quantization?.dtype ?? spec.dtype;
    if (spec.dtype === 'string') throw new Error(`Weight '${spec.name}' is a string tensor; not supported`);
    total += count * (BYTES[dtype] ?? 4);
  }
  return total;
}

function weightBytes(data: tf.io.WeightData | undefined): number {
  if (data == null) return 0;
  return Array.isArray(data) ? data.reduce((a, b) => a + b.byteLength, 0) : data.byteLength;
}

/** 'layers' | 'graph' from the artifacts' format field or the topology's shape. */
export function detectFormat(artifacts: tf.io.ModelArtifacts): 'layers' | 'graph' {
  const format = (artifacts.format ?? '').toLowerCase();
  if (format.includes('graph')) return 'graph';
  if (format.includes('layers')) return 'layers';
  const topo = artifacts.modelTopology as Record<string, unknown> | ArrayBuffer | undefined;
  if (topo == null || topo instanceof ArrayBuffer) throw new Error('model.json has no modelTopology');
  if (Array.isArray(topo.node)) return 'graph';
  if (topo.model_config != null || topo.class_name != null || topo.config != null) return 'layers';
  throw new Error('model.json topology is neither a Keras (layers) model nor a TensorFlow graph');
}

const mb = (bytes: number) => Math.round(bytes / (1024 * 1024));

function checkSize(specs: tf.io.WeightsManifestEntry[], limit: number, where: string): void {
  const bytes = expectedWeightBytes(specs);
  if (bytes > limit) {
    throw new Error(
      `${where}: the model is too large for this device: its weights take ${mb(bytes)} MB ` +
        `(limit ${mb(limit)} MB). Use a smaller model.`,
    );
  }
}

const OUT_OF_MEMORY = /out of memory|allocation failed|failed to allocate|Array buffer allocation|OOM/i;

/**
 * fetch() with a stall watchdog: fails when no response or no body bytes arrive for `stallMs`
 * (a stalled connection, not a slow one). The first response (model.json) is also checked against
 * the size limit before any weight file is requested.
 */
function watchedFetch(
  signal: AbortSignal | undefined,
  stallMs: number,
  checkManifest: (json: unknown) => void,
): typeof fetch {
  let first = true;
  return async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    const file = url.split('?')[0].split('/').pop() || url;
    const controller = new AbortController();
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stalled = false;
    const stop = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        stalled = true;
        controller.abort();
      }, stallMs);
    };
    const stallError = () =>
      new Error(
        `the download of ${file} stalled: no data for ${stallMs / 1000} s. Check the connection and retry`,
      );
    arm();
    let response: Response;
    try {
      response = await fetch(input, { ...init, signal: controller.signal });
    } catch (error) {
      stop();
      throw stalled ? stallError() : error;
    }
    if (first && response.ok) {
      first = false;
      let json: unknown = null;
      try {
        json = await response.clone().json();
      } catch {
        // Not JSON: tf.io.http reports that itself.
      }
      try {
        checkManifest(json);
      } catch (error) {
        stop();
        controller.abort();
        throw error;
      }
    }
    const body = response.body;
    if (!body) {
      stop();
      return response;
    }
    const reader = body.getReader();
    const stream = new ReadableStream<Uint8Array>({
      async pull(out) {
        try {
          const { done, value } = await reader.read();
          if (done) {
            stop();
            out.close();
            return;
          }
          arm();
          out.enqueue(value);
        } catch (error) {
          stop();
          out.error(stalled ? stallError() : error);
        }
      },
      cancel(reason) {
        stop();
        return reader.cancel(reason);
      },
    });
    return new Response(stream, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}

/** fetch() that fails on a stalled download (for IOHandlers built outside loadModel, e.g. a cache). */
export function stallWatchingFetch(signal?: AbortSignal, stallMs = DEFAULT_STALL_TIMEOUT_MS): typeof fetch {
  return watchedFetch(signal, stallMs, () => {});
}

function explainLoadError(error: unknown, where: string): Error {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof Error && error.name === 'AbortError') return error;
  if (message.startsWith(where)) return error as Error;
  if (/stalled/.test(message)) return new Error(`${where}: ${message}`);
  if (OUT_OF_MEMORY.test(message) || error instanceof RangeError) {
    return new Error(`${where}: the model is too large for this device's memory (${message})`);
  }
  if (/status code|404|Not Found|Failed to fetch|fetch failed|ENOENT|missing weights/i.test(message)) {
    return new Error(`${where}: could not read the model or its weight files (${message})`);
  }
  if (/JSON|Unexpected token|parse/i.test(message)) {
    return new Error(`${where}: model.json is not valid JSON (${message})`);
  }
  return new Error(`${where}: ${message}`);
}

/**
 * Loads a model from a URL (http(s) or relative, e.g. 'models/x/model.json') or any tf.io.IOHandler
 * (tf.io.browserFiles(files), a Node file handler). `meta.format` is only a hint: the model.json
 * decides. The input size comes from the model when it fixes one.
 */
export async function loadModel(
  source: string | tf.io.IOHandler,
  meta: ModelMeta,
  opts: LoadOptions = {},
): Promise<LoadedModel> {
  const { signal, onProgress } = opts;
  const maxBytes = opts.maxWeightBytes ?? DEFAULT_MAX_WEIGHT_BYTES;
  throwIfAborted(signal);
  const where = typeof source === 'string' ? source : meta.id;
  let handler: tf.io.IOHandler;
  if (typeof source === 'string') {
    const fetchFunc = watchedFetch(signal, opts.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS, (json) => {
      const manifest = (json as { weightsManifest?: tf.io.WeightsManifestConfig } | null)?.weightsManifest;
      if (Array.isArray(manifest))
        checkSize(
          manifest.flatMap((group) => group.weights ?? []),
          maxBytes,
          where,
        );
    });
    handler = tf.io.http(source, { onProgress, fetchFunc });
  } else {
    handler = source;
  }
  if (!handler.load) throw new Error(`${where}: this IOHandler cannot load`);
  let artifacts: tf.io.ModelArtifacts;
  try {
    artifacts = await handler.load();
  } catch (error) {
    throw explainLoadError(error, where);
  }
  throwIfAborted(signal);
  if (artifacts.modelTopology == null) throw new Error(`${where}: model.json has no modelTopology`);
  const specs = artifacts.weightSpecs ?? [];
  checkSize(specs, maxBytes, where);
  const expected = expectedWeightBytes(specs);
  const got = weightBytes(artifacts.weightData);
  if (specs.length === 0 || got === 0) throw new Error(`${where}: the model has no weights`);
  if (expected !== got) {
    throw new Error(`${where}: weight files hold ${got} bytes but the manifest expects ${expected}`);
  }
  const format = detectFormat(artifacts);
  let merged: ReturnType<typeof mergeMetadata>;
  try {
    const own = readUserDefinedMetadata(artifacts.userDefinedMetadata);
    const overrides = opts.overrides && { source: 'your choice', meta: opts.overrides };
    merged = mergeMetadata(meta, [own, ...(opts.metadata ?? []), overrides], opts.metaSource);
  } catch (error) {
    throw new Error(`${where}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const effective = merged.meta;
  const memory = tf.io.fromMemory(artifacts);
  let model: LoadedModel | undefined;
  let tfModel: tf.LayersModel | tf.GraphModel | undefined;
  try {
    if (format === 'layers') {
      tfModel = await tf.loadLayersModel(memory);
      model = new LayersGradCamModel(tfModel, effective);
    } else {
      tfModel = await tf.loadGraphModel(memory);
      const nodes = (artifacts.modelTopology as { node: GraphNodeDef[] }).node;
      model = new GraphGradCamModel(tfModel, effective, nodes);
    }
    model.sources = { ...merged.sources, task: merged.sources.task ?? `detected: ${model.headNote}` };
    throwIfAborted(signal);
    await warmUp(model);
    throwIfAborted(signal);
    onProgress?.(1);
    return model;
  } catch (error) {
    if (model) model.dispose();
    else tfModel?.dispose();
    if (error instanceof Error && (error.name === 'AbortError' || error.message.startsWith(where)))
      throw error;
    const message = error instanceof Error ? error.message : String(error);
    if (OUT_OF_MEMORY.test(message) || error instanceof RangeError)
      throw new Error(`${where}: the model is too large for this device's memory (${message})`);
    throw new Error(`${where}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** One forward pass on zeros (compiles shaders / allocates on GPU backends), read back, disposed. */
async function warmUp(model: LoadedModel): Promise<void> {
  const split = model.split(model.defaultLayer);
  const x = tf.zeros([1, model.inputSize[0], model.inputSize[1], model.channels]) as tf.Tensor4D;
  const out = split.forward(x);
  try {
    await out.logits.data();
  } finally {
    tf.dispose([x, out.activation, out.logits, ...out.extras]);
  }
}
