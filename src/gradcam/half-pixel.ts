/**
 * The half-pixel-centre sampling table of a bilinear resize (tf.image.resizeBilinear(x, size, false,
 * true)): plain JS for the final map (metrics/final-map.ts, float64 weights) and the video frames'
 * conversion (src/worker/yuv.ts, float32 weights).
 */

export interface HalfPixelAxis<W extends Float32Array | Float64Array> {
  /** The first source index of each output coordinate. */
  i0: Int32Array;
  /** The second (clamped to the last). */
  i1: Int32Array;
  /** The weight of the second. */
  t: W;
}

/** For each output coordinate: the two source indices and the weight of the second, in `Weights`. */
export function halfPixelAxis<W extends Float32Array | Float64Array>(
  outSize: number,
  inSize: number,
  Weights: new (length: number) => W,
): HalfPixelAxis<W> {
  const i0 = new Int32Array(outSize);
  const i1 = new Int32Array(outSize);
  const t = new Weights(outSize);
  const scale = inSize / outSize;
  for (let o = 0; o < outSize; o++) {
    const s = Math.max(0, (o + 0.5) * scale - 0.5);
    const lo = Math.min(inSize - 1, Math.floor(s));
    i0[o] = lo;
    i1[o] = Math.min(inSize - 1, lo + 1);
    t[o] = s - lo;
  }
  return { i0, i1, t };
}
