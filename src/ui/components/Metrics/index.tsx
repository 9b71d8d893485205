import { exportMetricsJson } from '../../../app/trust/export';
import { trustActions } from '../../../app/trust/page-actions';
import { measuredRows, shownMetrics } from '../../../app/trust/rows';
import { methodLabel } from '../../../gradcam/methods/registry';
import type { TrustKind } from '../../../state/slices/trust';
import { isMapReady, useStore } from '../../../state/store';
import { currentTrust, trustPending } from '../../../state/trust';
import { Section } from '../Section';
import { CurveChart, SanityChart } from './charts';
import { fmt, MetricsTable } from './MetricsTable';
import { TrustProgress } from './TrustProgress';
import './metrics.css';

/** The shown map's curves and numbers, once measured. */
function ShownMetrics() {
  const m = useStore(shownMetrics);
  if (!m) return null;
  const label = `Deletion and insertion curves of the ${methodLabel(m.method)} map`;
  return (
    <div className="metrics-shown">
      <CurveChart deletion={m.deletionCurve} insertion={m.insertionCurve} label={label} />
      <div className="chart-legend" aria-hidden="true">
        <span>
          <span className="swatch deletion" /> deletion (lower is better)
        </span>
        <span>
          <span className="swatch insertion" /> insertion (higher is better)
        </span>
      </div>
      <dl className="metrics-numbers">
        <div>
          <dt>Deletion AUC</dt>
          <dd>{fmt(m.deletionAuc)}</dd>
        </div>
        <div>
          <dt>Insertion AUC</dt>
          <dd>{fmt(m.insertionAuc)}</dd>
        </div>
        <div>
          <dt>Average drop</dt>
          <dd>{(m.averageDrop * 100).toFixed(1)}%</dd>
        </div>
        <div>
          <dt>Increase</dt>
          <dd>{m.increase ? 'yes' : 'no'}</dd>
        </div>
        <div>
          <dt>ROAD</dt>
          <dd>{fmt(m.road)}</dd>
        </div>
      </dl>
    </div>
  );
}

function Sanity() {
  const sanity = useStore((s) => currentTrust(s, 'sanity'));
  if (!sanity) return null;
  return (
    <div className="sanity" data-testid="sanity-plot" data-passed={sanity.passed}>
      <SanityChart
        correlations={sanity.correlations}
        halfway={sanity.halfwayStep}
        label={`Rank correlation with the original map as ${sanity.blocks} blocks are randomised, top first`}
      />
      <p className={`verdict ${sanity.passed ? 'passed' : 'failed'}`}>{sanity.verdict}</p>
    </div>
  );
}

/** Starts one trust computation on the shown map; off until a map is ready and while it runs. */
function TrustButton({
  kind,
  testId,
  title,
  children,
}: {
  kind: TrustKind;
  testId?: string;
  title?: string;
  children: string;
}) {
  const ready = useStore(isMapReady);
  const busy = useStore((s) => trustPending(s, kind));
  return (
    <button
      type="button"
      className="button"
      data-testid={testId}
      disabled={!ready || busy}
      onClick={() => trustActions.runTrust(kind)}
      title={title}
    >
      {children}
    </button>
  );
}

export function TrustPanel() {
  const method = useStore((s) => s.method);
  const measured = useStore((s) => measuredRows(s).length > 0 || currentTrust(s, 'sanity') !== null);
  return (
    <Section title="Trust" id="trust">
      <p className="hint trust-intro">
        Is the map faithful to the model? Deleting the pixels it ranks first should make the class fall fast;
        inserting them should make it rise fast.
      </p>
      <div className="button-row trust-buttons">
        <TrustButton
          kind="metrics"
          testId="metrics-run"
          title={`Deletion/insertion curves, average drop and ROAD of the ${methodLabel(method)} map`}
        >
          Measure map
        </TrustButton>
        <TrustButton kind="compare" title="Every fast method's map and metrics for this class">
          Compare methods
        </TrustButton>
      </div>
      <TrustProgress kind="metrics" />
      <TrustProgress kind="compare" />
      <ShownMetrics />
      <MetricsTable />
      <h3 className="trust-subtitle">Sanity check</h3>
      <p className="hint">
        Randomise the model's layers from the top down: a map that does not change explains the image, not the
        model.
      </p>
      <div className="button-row trust-buttons">
        <TrustButton kind="sanity" testId="sanity-run">
          Run sanity check
        </TrustButton>
      </div>
      <TrustProgress kind="sanity" />
      <Sanity />
      <div className="button-row trust-buttons">
        <button type="button" className="button" disabled={!measured} onClick={exportMetricsJson}>
          Export curves and maps (JSON)
        </button>
      </div>
    </Section>
  );
}
