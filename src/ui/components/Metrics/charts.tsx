/** Small plain-SVG charts: deletion/insertion curves and the sanity check's correlation plot. */

/** "M x y L x y ..." for values on x = i / (n - 1), scaled into the box. */
export function linePath(values: readonly number[], width: number, height: number, yMax: number): string {
  const n = values.length;
  if (n === 0) return '';
  return values
    .map((v, i) => {
      const x = n === 1 ? 0 : (i / (n - 1)) * width;
      const y = height - (Math.max(0, Math.min(yMax, v)) / yMax) * height;
      return `${i === 0 ? 'M' : 'L'}${x.toFixed(1)} ${y.toFixed(1)}`;
    })
    .join(' ');
}

/** A nice upper bound for probabilities (at least 1e-4 so flat curves still draw). */
export function niceMax(values: readonly number[]): number {
  const max = Math.max(1e-4, ...values);
  const steps = [1, 2, 2.5, 5, 10];
  const p = 10 ** Math.floor(Math.log10(max));
  for (const s of steps) if (s * p >= max) return s * p;
  return 10 * p;
}

const W = 220;
const H = 90;
const PAD = { left: 34, right: 6, top: 6, bottom: 18 };

function formatTick(v: number): string {
  if (v === 0) return '0';
  if (v >= 0.01) return v.toFixed(v >= 0.1 ? 1 : 2);
  return v.toExponential(0);
}

/** Deletion (falls: good) and insertion (rises: good) curves of one map. */
export function CurveChart({
  deletion,
  insertion,
  label,
  compact = false,
}: {
  deletion: readonly number[];
  insertion: readonly number[];
  label: string;
  compact?: boolean;
}) {
  const yMax = niceMax([...deletion, ...insertion]);
  const iw = W - PAD.left - PAD.right;
  const ih = H - PAD.top - PAD.bottom;
  const del = linePath(deletion, iw, ih, yMax);
  const ins = linePath(insertion, iw, ih, yMax);
  return (
    <svg
      className={`chart${compact ? ' compact' : ''}`}
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label={label}
      data-testid="metrics-curves"
    >
      <g transform={`translate(${PAD.left} ${PAD.top})`}>
        <rect className="chart-frame" x={0} y={0} width={iw} height={ih} />
        <line className="chart-grid" x1={0} x2={iw} y1={ih / 2} y2={ih / 2} />
        <path className="chart-area deletion" d={`${del} L${iw} ${ih} L0 ${ih} Z`} />
        <path className="chart-area insertion" d={`${ins} L${iw} ${ih} L0 ${ih} Z`} />
        <path className="chart-line deletion" d={del} data-curve="deletion" />
        <path className="chart-line insertion" d={ins} data-curve="insertion" />
        <text className="chart-tick" x={-4} y={4} textAnchor="end">
          {formatTick(yMax)}
        </text>
        <text className="chart-tick" x={-4} y={ih} textAnchor="end">
          0
        </text>
        <text className="chart-tick" x={0} y={ih + 13}>
          0%
        </text>
        <text className="chart-tick" x={iw} y={ih + 13} textAnchor="end">
          100% of pixels
        </text>
      </g>
    </svg>
  );
}

/** Rank correlation with the original map after each randomised block, with the 0.5 line. */
export function SanityChart({
  correlations,
  halfway,
  label,
}: {
  correlations: readonly number[];
  halfway: number;
  label: string;
}) {
  const iw = W - PAD.left - PAD.right;
  const ih = H - PAD.top - PAD.bottom;
  const n = correlations.length;
  // y from -0.25 to 1 (correlations can go a little negative).
  const lo = Math.min(-0.25, ...correlations);
  const y = (v: number) => ih - ((v - lo) / (1 - lo)) * ih;
  const x = (i: number) => (n <= 1 ? 0 : (i / (n - 1)) * iw);
  const d = correlations
    .map((v, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)} ${y(v).toFixed(1)}`)
    .join(' ');
  return (
    <svg className="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label}>
      <g transform={`translate(${PAD.left} ${PAD.top})`}>
        <rect className="chart-frame" x={0} y={0} width={iw} height={ih} />
        <line className="chart-threshold" x1={0} x2={iw} y1={y(0.5)} y2={y(0.5)} />
        <line className="chart-grid" x1={x(halfway)} x2={x(halfway)} y1={0} y2={ih} />
        <line className="chart-grid" x1={0} x2={iw} y1={y(0)} y2={y(0)} />
        <path className="chart-line sanity" d={d} />
        {correlations.map((v, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: one point per step, in order
          <circle key={i} className="chart-dot" cx={x(i)} cy={y(v)} r={1.6} />
        ))}
        <text className="chart-tick" x={-4} y={y(1) + 4} textAnchor="end">
          1
        </text>
        <text className="chart-tick" x={-4} y={y(0.5) + 3} textAnchor="end">
          0.5
        </text>
        <text className="chart-tick" x={-4} y={y(0) + 3} textAnchor="end">
          0
        </text>
        <text className="chart-tick" x={0} y={ih + 13}>
          original
        </text>
        <text className="chart-tick" x={iw} y={ih + 13} textAnchor="end">
          all layers random
        </text>
      </g>
    </svg>
  );
}
