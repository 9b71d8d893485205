/**
 * The trust stage (after the thumbnails): runs the metrics, compare-methods or sanity-check work the
 * user asked for, oldest first, as the pipeline's "trust" job (progress in the store, cancellable).
 */
import type { TrustKind } from '../../state/slices/trust';
import { effectiveClass, effectiveLayer } from '../../state/store';
import { nextTrustWork } from '../../state/trust';
import type { TrustRequest } from '../../worker/trust-protocol';
import { describeError } from '../jobs';
import type { Stage } from '../stages';

export const TRUST_STAGE = 'trust';

const LABELS: Record<TrustKind, string> = {
  metrics: 'Faithfulness metrics',
  compare: 'Comparing methods',
  sanity: 'Sanity check',
};

export const trustStage: Stage = {
  name: TRUST_STAGE,
  wanted: (s) => nextTrustWork(s)?.key ?? null,
  // Results are keyed: what is wanted (next) is by definition not had yet.
  has: () => null,
  run({ store, jobs, engine }, s, key) {
    const want = nextTrustWork(s);
    if (!want) return;
    const { kind } = want;
    const base = { classIndex: effectiveClass(s) as number, layer: effectiveLayer(s) as string };
    const request: TrustRequest =
      kind === 'compare' ? { kind, ...base } : { kind, ...base, method: s.method };
    let shown = 0;
    store.setState({ trustProgress: { key, kind, fraction: 0 } });
    void jobs.run(
      TRUST_STAGE,
      key,
      LABELS[kind],
      (job) =>
        engine.trust(request, job.signal, (fraction) => {
          if (!job.current() || fraction - shown < 0.01) return;
          shown = fraction;
          store.setState({ trustProgress: { key, kind, fraction } });
        }),
      (result) => {
        if (result.kind === 'metrics') store.setState({ metrics: { ...result.metrics, key } });
        else if (result.kind === 'compare') store.setState({ compare: { key, rows: result.rows } });
        else store.setState({ sanity: { ...result.sanity, key } });
        store.setState({ trustProgress: null });
      },
      (error) => store.setState({ error: describeError(error), trustProgress: null, trustCancelled: key }),
    );
  },
};
