/** FEM, the Feature Explanation Method (pytorch-grad-cam's FEM, k = 2): gradient-free channel weights. */

/** The k-sigma rule of pytorch-grad-cam's FEM. */
export const FEM_K = 2;

/**
 * Per channel: threshold = mean + 2 * std over positions (population std); w_k = the fraction of
 * positions where A_k > threshold (strictly). A is Z x C row-major; float64 statistics.
 */
export function femWeights(a: ArrayLike<number>, z: number, c: number): Float32Array {
  const weights = new Float32Array(c);
  for (let k = 0; k < c; k++) {
    let mean = 0;
    for (let i = 0; i < z; i++) mean += a[i * c + k];
    mean /= z;
    let variance = 0;
    for (let i = 0; i < z; i++) variance += (a[i * c + k] - mean) ** 2;
    const threshold = mean + FEM_K * Math.sqrt(variance / z);
    let count = 0;
    for (let i = 0; i < z; i++) if (a[i * c + k] > threshold) count++;
    weights[k] = count / z;
  }
  return weights;
}
