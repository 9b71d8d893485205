/**
 * A test dataset made from the sample photos: ImageFolder layout (one folder per class, named after
 * the model's label), each photo flipped, cropped and recoloured into many variants, plus a bad file.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { SAMPLES_DIR } from './studio';

interface Rgba {
  width: number;
  height: number;
  data: Uint8Array;
}

function read(file: string): Rgba {
  const bytes = readFileSync(join(SAMPLES_DIR, file));
  if (file.endsWith('.png')) {
    const png = PNG.sync.read(bytes);
    return { width: png.width, height: png.height, data: new Uint8Array(png.data) };
  }
  const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true });
  return { width: img.width, height: img.height, data: img.data };
}

/** Crop (fractions of the photo), optional mirror, per-channel gain: one variant. */
function variant(
  src: Rgba,
  crop: [number, number, number, number],
  flip: boolean,
  gain: [number, number, number],
): Rgba {
  const x0 = Math.round(crop[0] * src.width);
  const y0 = Math.round(crop[1] * src.height);
  const width = Math.max(8, Math.round(crop[2] * src.width));
  const height = Math.max(8, Math.round(crop[3] * src.height));
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const sx = x0 + (flip ? width - 1 - x : x);
      const s = ((y0 + y) * src.width + sx) * 4;
      const d = (y * width + x) * 4;
      for (let c = 0; c < 3; c++) data[d + c] = Math.min(255, Math.round(src.data[s + c] * gain[c]));
      data[d + 3] = 255;
    }
  return { width, height, data };
}

const CROPS: [number, number, number, number][] = [
  [0, 0, 1, 1],
  [0.1, 0.1, 0.8, 0.8],
  [0, 0, 0.85, 0.9],
  [0.15, 0.05, 0.85, 0.95],
  [0.05, 0.1, 0.9, 0.85],
];
const GAINS: [number, number, number][] = [
  [1, 1, 1],
  [1.15, 1.1, 1],
  [0.85, 0.9, 1],
  [1, 0.95, 0.85],
];

export const DATASET_CLASSES = [
  { folder: 'Egyptian_cat', photo: 'chelsea.png' },
  { folder: 'espresso', photo: 'coffee.png' },
  { folder: 'Malamute', photo: 'darknet_dog.jpg' },
];

/** 20 variants per class (3 classes: 60 images) and one bad file; returns the folder and its files. */
export function makeDatasetFolder(perClass = 20): { dir: string; images: string[]; bad: string } {
  const root = mkdtempSync(join(tmpdir(), 'dataset-e2e-'));
  const dir = join(root, 'photos');
  const images: string[] = [];
  for (const { folder, photo } of DATASET_CLASSES) {
    mkdirSync(join(dir, folder), { recursive: true });
    const src = read(photo);
    for (let i = 0; i < perClass; i++) {
      const img = variant(src, CROPS[i % CROPS.length], i % 2 === 1, GAINS[Math.floor(i / 5) % GAINS.length]);
      const name = `${folder}/${String(i).padStart(2, '0')}.${i % 3 === 0 ? 'jpg' : 'png'}`;
      const bytes =
        i % 3 === 0
          ? jpeg.encode({ ...img, data: Buffer.from(img.data) }, 90).data
          : PNG.sync.write(
              Object.assign(new PNG({ width: img.width, height: img.height }), {
                data: Buffer.from(img.data),
              }),
            );
      writeFileSync(join(dir, name), bytes);
      images.push(name);
    }
  }
  const bad = 'espresso/broken.jpg';
  writeFileSync(join(dir, bad), 'not a photo at all');
  return { dir, images: images.sort(), bad };
}
