/** NumPy .npy read/write for float32 little-endian arrays (C order), e.g. 1 x H x W x 3 NHWC inputs. */
import { readFile, writeFile } from 'node:fs/promises';

export interface NpyArray {
  shape: number[];
  data: Float32Array;
}

/** Parses a .npy buffer holding float32 ('<f4') or float64 ('<f8') in C order; returns float32. */
export function parseNpy(buf: Uint8Array): NpyArray {
  const magic = String.fromCharCode(...buf.subarray(0, 6));
  if (magic !== '\x93NUMPY') throw new Error('not a .npy file');
  const major = buf[6];
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = major === 1 ? 10 : 12;
  const header = new TextDecoder('latin1').decode(buf.subarray(headerStart, headerStart + headerLen));
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*True/.test(header);
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || shapeText == null) throw new Error('bad .npy header');
  if (fortran) throw new Error('.npy in Fortran order is not supported');
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  const offset = headerStart + headerLen;
  const data = new Float32Array(count);
  if (descr === '<f4') {
    for (let i = 0; i < count; i++) data[i] = view.getFloat32(offset + i * 4, true);
  } else if (descr === '<f8') {
    for (let i = 0; i < count; i++) data[i] = view.getFloat64(offset + i * 8, true);
  } else {
    throw new Error(`.npy dtype ${descr} is not supported (float32/float64 little-endian only)`);
  }
  return { shape, data };
}

/** Encodes float32 data as a version 1.0 .npy buffer. */
export function encodeNpy(data: Float32Array, shape: readonly number[]): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length)
    throw new Error(`shape [${shape.join(', ')}] does not match ${data.length} values`);
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const unpadded = 10 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64);
  header += '\n';
  const out = new Uint8Array(10 + header.length + data.length * 4);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  const view = new DataView(out.buffer);
  view.setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  const offset = 10 + header.length;
  for (let i = 0; i < data.length; i++) view.setFloat32(offset + i * 4, data[i], true);
  return out;
}

export async function readNpy(path: string): Promise<NpyArray> {
  return parseNpy(await readFile(path));
}

export async function writeNpy(path: string, data: Float32Array, shape: readonly number[]): Promise<void> {
  await writeFile(path, encodeNpy(data, shape));
}
