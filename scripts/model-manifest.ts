/** The byte sizes a tfjs model.json weights manifest implies, and a check of files against them. */

export interface ManifestWeight {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: string };
}
export interface ManifestGroup {
  paths: string[];
  weights: ManifestWeight[];
}
export interface ModelJson {
  format?: string;
  modelTopology?: unknown;
  weightsManifest: ManifestGroup[];
}

const BYTES_PER_ELEMENT: Record<string, number> = {
  float32: 4,
  int32: 4,
  bool: 1,
  uint8: 1,
  uint16: 2,
  int8: 1,
  int16: 2,
  float16: 2,
};

/** Total bytes one manifest group's shards must hold together. */
export function groupBytes(group: ManifestGroup): number {
  let total = 0;
  for (const weight of group.weights) {
    const dtype = weight.quantization?.dtype ?? weight.dtype;
    const bytes = BYTES_PER_ELEMENT[dtype];
    if (bytes === undefined) throw new Error(`weight ${weight.name} has an unsupported dtype "${dtype}"`);
    total += weight.shape.reduce((product, dim) => product * dim, 1) * bytes;
  }
  return total;
}

/**
 * Problems found comparing actual file sizes (undefined = missing) with the manifest; [] when all match.
 * A group may be split over several shard files: their sizes must add up to the group's bytes.
 */
export function verifyWeightFiles(modelJson: ModelJson, sizes: Map<string, number | undefined>): string[] {
  if (!Array.isArray(modelJson.weightsManifest)) return ['model.json has no weightsManifest'];
  const problems: string[] = [];
  for (const group of modelJson.weightsManifest) {
    const missing = group.paths.filter((path) => sizes.get(path) === undefined);
    if (missing.length) {
      problems.push(`missing weight file(s): ${missing.join(', ')}`);
      continue;
    }
    const actual = group.paths.reduce((sum, path) => sum + (sizes.get(path) ?? 0), 0);
    const expected = groupBytes(group);
    if (actual !== expected) {
      problems.push(`${group.paths.join(' + ')}: ${actual} bytes, the manifest expects ${expected}`);
    }
  }
  return problems;
}
