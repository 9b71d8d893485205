/** Turning user input (files, blobs) into an orientation-correct bitmap, with clear errors. */

/** Longest side kept for display/export (canvas limits). */
const MAX_DISPLAY_SIDE = 16384;

const SIGNATURES: { type: string; test: (b: Uint8Array) => boolean }[] = [
  { type: 'PNG', test: (b) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 },
  { type: 'JPEG', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { type: 'GIF', test: (b) => b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46 },
  { type: 'BMP', test: (b) => b[0] === 0x42 && b[1] === 0x4d },
  {
    type: 'WebP',
    test: (b) =>
      String.fromCharCode(...b.subarray(0, 4)) === 'RIFF' &&
      String.fromCharCode(...b.subarray(8, 12)) === 'WEBP',
  },
  { type: 'AVIF', test: (b) => /^ftyp(avif|avis|mif1|heic)/.test(String.fromCharCode(...b.subarray(4, 12))) },
  { type: 'ICO', test: (b) => b[0] === 0 && b[1] === 0 && b[2] === 1 && b[3] === 0 },
];

/** Sniffs the file type from its first bytes (names and MIME types lie). */
export async function sniffImageType(blob: Blob): Promise<string | null> {
  const head = new Uint8Array(await blob.slice(0, 16).arrayBuffer());
  return SIGNATURES.find((signature) => signature.test(head))?.type ?? null;
}

export async function decodeImage(blob: Blob, name: string): Promise<ImageBitmap> {
  if (blob.size === 0) throw new Error(`"${name}" is empty.`);
  const type = await sniffImageType(blob);
  if (!type) {
    const svg = blob.type === 'image/svg+xml' || name.toLowerCase().endsWith('.svg');
    throw new Error(
      svg
        ? `"${name}" is an SVG drawing; please use a photo (PNG, JPEG, WebP, GIF, BMP or AVIF).`
        : `"${name}" is not an image this app can read. Use a PNG, JPEG, WebP, GIF, BMP or AVIF file.`,
    );
  }
  let bitmap: ImageBitmap;
  try {
    // EXIF orientation applied, so phone photos stand the right way up.
    bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image' });
  } catch {
    throw new Error(`"${name}" looks like a ${type} file but could not be decoded (damaged or unsupported).`);
  }
  const longest = Math.max(bitmap.width, bitmap.height);
  if (longest > MAX_DISPLAY_SIDE) {
    const scale = MAX_DISPLAY_SIDE / longest;
    const resized = await createImageBitmap(bitmap, {
      resizeWidth: Math.round(bitmap.width * scale),
      resizeHeight: Math.round(bitmap.height * scale),
      resizeQuality: 'high',
    });
    bitmap.close();
    bitmap = resized;
  }
  return bitmap;
}
