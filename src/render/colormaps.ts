/** Colour maps as RGB lookup tables of any size (Uint8Array of size*3; the heatmap uses 1024). No DOM, no React. */

export const COLORMAPS = ['jet', 'turbo', 'viridis', 'inferno', 'grayscale'] as const;
export type ColormapName = (typeof COLORMAPS)[number];

export const COLORMAP_LABELS: Record<ColormapName, string> = {
  jet: 'Jet',
  turbo: 'Turbo',
  viridis: 'Viridis',
  inferno: 'Inferno',
  grayscale: 'Grayscale',
};

export function isColormapName(value: unknown): value is ColormapName {
  return typeof value === 'string' && (COLORMAPS as readonly string[]).includes(value);
}

export type Rgb = [number, number, number];
const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/** OpenCV COLORMAP_JET, as used by pytorch-grad-cam's show_cam_on_image. */
function jet(t: number): Rgb {
  return [
    clamp01(1.5 - Math.abs(4 * t - 3)),
    clamp01(1.5 - Math.abs(4 * t - 2)),
    clamp01(1.5 - Math.abs(4 * t - 1)),
  ];
}

/** Google's Turbo, polynomial approximation (A. Mikhailov, 2019). */
function turbo(x: number): Rgb {
  const x2 = x * x;
  const x3 = x2 * x;
  const x4 = x3 * x;
  const x5 = x4 * x;
  return [
    0.13572138 + 4.6153926 * x - 42.66032258 * x2 + 132.13108234 * x3 - 152.94239396 * x4 + 59.28637943 * x5,
    0.09140261 + 2.19418839 * x + 4.84296658 * x2 - 14.18503333 * x3 + 4.27729857 * x4 + 2.82956604 * x5,
    0.1066733 + 12.64194608 * x - 60.58204836 * x2 + 110.36276771 * x3 - 89.90310912 * x4 + 27.34824973 * x5,
  ].map(clamp01) as Rgb;
}

/** Degree-6 polynomial fits of matplotlib's maps (M. Zucker), accurate to ~1/255. */
function poly(coefficients: number[][]): (t: number) => Rgb {
  return (t) =>
    [0, 1, 2].map((channel) => {
      let value = 0;
      for (let i = coefficients.length - 1; i >= 0; i--) value = value * t + coefficients[i][channel];
      return clamp01(value);
    }) as Rgb;
}

const viridis = poly([
  [0.2777273272234177, 0.005407344544966578, 0.3340998053353061],
  [0.1050930431085774, 1.404613529898575, 1.384590162594685],
  [-0.3308618287255563, 0.214847559468213, 0.09509516302823659],
  [-4.634230498983486, -5.799100973351585, -19.33244095627987],
  [6.228269936347081, 14.17993336680509, 56.69055260068105],
  [4.776384997670288, -13.74514537774601, -65.35303263337234],
  [-5.435455855934631, 4.645852612178535, 26.3124352495832],
]);

const inferno = poly([
  [0.0002189403691192265, 0.001651004631001012, -0.01948089843709184],
  [0.1065134194856116, 0.5639564367884091, 3.932712388889277],
  [11.60249308247187, -3.972853965665698, -15.9423941062914],
  [-41.70399613139459, 17.43639888205313, 44.35414519872813],
  [77.162935699427, -33.40235894210092, -81.80730925738993],
  [-71.31942824499214, 32.62606426397723, 73.20951985803202],
  [25.13112622477341, -12.24266895238567, -23.07032500287172],
]);

const FUNCTIONS: Record<ColormapName, (t: number) => Rgb> = {
  jet,
  turbo,
  viridis,
  inferno,
  grayscale: (t) => [t, t, t],
};

/** The colour map at t in [0, 1] as RGB in [0, 1] (the exact function the tables sample). */
export function colormapColor(name: ColormapName, t: number): Rgb {
  return FUNCTIONS[name](t);
}

const cache = new Map<string, Uint8Array>();

/**
 * The map as an RGB lookup table of `size` entries (size*3 bytes). The heatmap uses 1024 entries so
 * slowly varying values do not band; legends and thumbnails are fine with 256.
 */
export function colormapLut(name: ColormapName, size = 256): Uint8Array {
  const key = `${name}:${size}`;
  let lut = cache.get(key);
  if (!lut) {
    lut = new Uint8Array(size * 3);
    const fn = FUNCTIONS[name];
    for (let i = 0; i < size; i++) {
      const [r, g, b] = fn(i / (size - 1));
      lut[3 * i] = Math.round(r * 255);
      lut[3 * i + 1] = Math.round(g * 255);
      lut[3 * i + 2] = Math.round(b * 255);
    }
    cache.set(key, lut);
  }
  return lut;
}

/** A CSS linear-gradient of the map, for the legend. */
export function colormapGradient(name: ColormapName, stops = 16): string {
  const lut = colormapLut(name);
  const parts: string[] = [];
  for (let i = 0; i <= stops; i++) {
    const index = Math.round((i / stops) * 255);
    parts.push(
      `rgb(${lut[3 * index]} ${lut[3 * index + 1]} ${lut[3 * index + 2]}) ${((i / stops) * 100).toFixed(1)}%`,
    );
  }
  return `linear-gradient(to right, ${parts.join(', ')})`;
}
