/** Boxes from the map drawn onto a canvas (the PNG export), with their class label. */

export interface LabelledBox {
  /** Photo pixels, COCO-style. */
  x: number;
  y: number;
  w: number;
  h: number;
  label: string;
}

type Ctx = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

/**
 * Draws each box as a light line on a dark outline (visible on any photo and heatmap) with a label
 * tag, scaled by `scale` from photo pixels (1 for the export at the photo's own size).
 */
export function drawBoxes(ctx: Ctx, boxes: readonly LabelledBox[], scale = 1, ox = 0, oy = 0): void {
  const size = Math.max(ctx.canvas.width, ctx.canvas.height);
  const line = Math.max(2, Math.round(size / 300));
  const font = Math.max(12, Math.round(size / 45));
  ctx.save();
  ctx.lineJoin = 'round';
  for (const b of boxes) {
    const x = ox + b.x * scale;
    const y = oy + b.y * scale;
    const w = b.w * scale;
    const h = b.h * scale;
    ctx.strokeStyle = 'rgb(0 0 0 / 70%)';
    ctx.lineWidth = line * 2.5;
    ctx.strokeRect(x, y, w, h);
    ctx.strokeStyle = '#ffffff';
    ctx.lineWidth = line;
    ctx.strokeRect(x, y, w, h);
    ctx.font = `600 ${font}px system-ui, sans-serif`;
    const pad = Math.round(font * 0.35);
    const tw = ctx.measureText(b.label).width + 2 * pad;
    const th = font + 2 * pad;
    // Inside the box's top-left corner, so it never leaves the image.
    const tx = Math.min(x, ctx.canvas.width - tw);
    const ty = y;
    ctx.fillStyle = 'rgb(0 0 0 / 72%)';
    ctx.fillRect(tx, ty, tw, th);
    ctx.fillStyle = '#ffffff';
    ctx.textBaseline = 'top';
    ctx.fillText(b.label, tx + pad, ty + pad);
  }
  ctx.restore();
}
