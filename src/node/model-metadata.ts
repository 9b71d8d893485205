/** Metadata files beside a model.json on disk: Teachable Machine metadata.json, labels files (Node only). */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { type MetadataFinding, parseLabelsFile, readSidecarJson } from '../gradcam/metadata';

/** The sidecar names looked for, in the order they apply (later wins). */
export const SIDECAR_FILES = ['metadata.json', 'labels.json', 'labels.txt', 'classes.txt'] as const;

/** Every metadata file found beside `modelJsonPath`, read (a file that does not parse is an error). */
export async function sidecarMetadata(modelJsonPath: string): Promise<MetadataFinding[]> {
  const dir = dirname(modelJsonPath);
  const findings: MetadataFinding[] = [];
  for (const name of SIDECAR_FILES) {
    const path = join(dir, name);
    if (!existsSync(path)) continue;
    findings.push(await readLabelsOrMetadataFile(path));
  }
  return findings;
}

/** A --labels file (JSON list or object, Teachable Machine metadata.json, or one label per line). */
export async function readLabelsOrMetadataFile(path: string): Promise<MetadataFinding> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new Error(`cannot read ${path}`);
  }
  const name = basename(path);
  return name.endsWith('.json') ? readSidecarJson(text, name) : parseLabelsFile(text, name);
}
