import type { HeatMap } from '../render/draw-heatmap';
import type { MapResult } from '../worker/protocol';

const cache = new WeakMap<MapResult, HeatMap>();

/** A stable HeatMap view of a worker result (stable identity keeps the renderer's cache warm). */
export function toHeatMap(map: MapResult): HeatMap {
  let heat = cache.get(map);
  if (!heat) {
    heat = { width: map.width, height: map.height, values: map.lowRes };
    cache.set(map, heat);
  }
  return heat;
}
