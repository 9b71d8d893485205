/** Batch sizes of the methods that run many forward passes. */

/** Score-CAM images per forward pass (pytorch-grad-cam uses 16): also the abort latency. */
export const SCORECAM_BATCH = 16;

/** Score-CAM / Ablation-CAM batch sizes: at most this many floats in one batched input. */
export const MAX_BATCH_FLOATS = 8 * 224 * 224 * 3 * 4;
