/** A tf.io.IOHandler that reads model.json and its weight files from disk (Node only). */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type * as tf from '@tensorflow/tfjs';

interface ModelJson {
  modelTopology?: unknown;
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  weightsManifest?: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  signature?: unknown;
  userDefinedMetadata?: Record<string, unknown>;
}

/** Loads `modelJsonPath` and every weight file its manifest names, with clear errors. */
export function fileHandler(modelJsonPath: string): tf.io.IOHandler {
  return {
    async load(): Promise<tf.io.ModelArtifacts> {
      let text: string;
      try {
        text = await readFile(modelJsonPath, 'utf8');
      } catch {
        throw new Error(`cannot read ${modelJsonPath}`);
      }
      let json: ModelJson;
      try {
        json = JSON.parse(text) as ModelJson;
      } catch {
        throw new Error(`${modelJsonPath} is not valid JSON`);
      }
      if (json == null || typeof json !== 'object' || json.modelTopology == null) {
        throw new Error(`${modelJsonPath} has no modelTopology: not a TensorFlow.js model.json`);
      }
      if (!Array.isArray(json.weightsManifest)) throw new Error(`${modelJsonPath} has no weightsManifest`);
      const dir = dirname(modelJsonPath);
      const weightSpecs: tf.io.WeightsManifestEntry[] = [];
      const buffers: Buffer[] = [];
      for (const group of json.weightsManifest) {
        weightSpecs.push(...group.weights);
        for (const path of group.paths) {
          try {
            buffers.push(await readFile(join(dir, path)));
          } catch {
            throw new Error(`missing weights file ${join(dir, path)}`);
          }
        }
      }
      const all = Buffer.concat(buffers);
      const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength) as ArrayBuffer;
      return {
        modelTopology: json.modelTopology as tf.io.ModelArtifacts['modelTopology'],
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
        weightSpecs,
        weightData,
        signature: json.signature as tf.io.ModelArtifacts['signature'],
        userDefinedMetadata: json.userDefinedMetadata as tf.io.ModelArtifacts['userDefinedMetadata'],
      };
    },
  };
}
