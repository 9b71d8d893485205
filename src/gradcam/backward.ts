/**
 * Running a backward pass safely: a missing kernel on the active backend (wasm lacks some input
 * gradients) moves that layer's backward to cpu; a missing gradient becomes a message naming the op.
 */
import * as tf from '@tensorflow/tfjs';
import { isAbortError } from './abort';
import { isGradientMethod, METHODS, methodLabel } from './methods/registry';

/**
 * Runs synchronous backward computations on the active backend; where that backend lacks a kernel,
 * runs them on cpu instead and remembers that per layer. One per session.
 */
export class BackwardRunner {
  /** Layers whose backward pass needed the cpu backend (missing kernels on the active one). */
  private readonly cpuBackward = new Map<string, string>();

  /** Runs fn; returns its value and which backend computed it. */
  async run<T>(layer: string, fn: () => T): Promise<{ value: T; backend: string }> {
    const current = tf.getBackend();
    if (current !== 'cpu' && this.cpuBackward.get(layer) !== current) {
      try {
        return { value: fn(), backend: current };
      } catch (error) {
        releaseFailedTape();
        if (isAbortError(error)) throw error;
        throwIfNoGradient(error, layer);
        if (!isMissingKernel(error)) throw error;
        this.cpuBackward.set(layer, current);
      }
    }
    if (current === 'cpu') return { value: runBackward(fn, layer), backend: 'cpu' };
    await tf.setBackend('cpu');
    try {
      return { value: runBackward(fn, layer), backend: 'cpu' };
    } finally {
      await tf.setBackend(current);
    }
  }
}

/**
 * When a backward pass throws (a missing gradient kernel), tfjs leaves the tape's saved tensors
 * alive and the tape set: free them as engine.gradients() would have on success.
 */
export function releaseFailedTape(): void {
  const state = (tf.engine() as unknown as { state: EngineState }).state;
  if (state.gradientDepth !== 0 || !state.activeTape) return;
  for (const node of state.activeTape) for (const t of node.saved ?? []) t.dispose();
  state.activeTape = null;
}

interface EngineState {
  gradientDepth: number;
  activeTape: { saved?: tf.Tensor[] }[] | null;
}

/** Runs a backward computation; a missing gradient becomes a message naming the op (see below). */
function runBackward<T>(fn: () => T, layer: string): T {
  try {
    return fn();
  } catch (error) {
    releaseFailedTape();
    throwIfNoGradient(error, layer);
    throw error;
  }
}

/**
 * tfjs says "Cannot compute gradient: gradient function not found for X." when an op between the
 * target layer and the class scores has no gradient (on every backend): say which op, and what to do.
 */
function throwIfNoGradient(error: unknown, layer: string): void {
  const message = error instanceof Error ? error.message : String(error);
  const match = /gradient function not found for (\w+)/i.exec(message);
  if (!match) return;
  throw new Error(
    `Gradients cannot flow from layer '${layer}' to the class scores: the model's op '${match[1]}' has ` +
      `no gradient in TensorFlow.js. Pick a layer after it, or a gradient-free method (${gradientFreeLabels()}).`,
  );
}

/** "Eigen-CAM, Ablation-CAM or Score-CAM", from the registry. */
function gradientFreeLabels(): string {
  const labels = METHODS.filter((method) => !isGradientMethod(method)).map(methodLabel);
  return labels.length > 1
    ? `${labels.slice(0, -1).join(', ')} or ${labels[labels.length - 1]}`
    : labels.join('');
}

function isMissingKernel(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  // ... or a shader of the active backend that does not compile (WebGL on SwiftShader, Guided Backprop).
  return /kernel|not (yet )?(implemented|registered|supported)|gradient|failed to compile/i.test(message);
}
