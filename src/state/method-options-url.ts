/**
 * The method options in the share link: aug=1, eigen=1, layers=a,b (combined with the target
 * layer), target=probability, versus=N. Written only when not the default.
 */
import type { MethodOptionSettings } from './slices/method-options';
import type { AppState } from './store';

const SCORE_TARGETS = ['logit', 'probability'] as const;

export function parseMethodOptions(
  params: URLSearchParams,
  ignored: string[],
): Partial<MethodOptionSettings> {
  const out: Partial<MethodOptionSettings> = {};
  const flag = (name: string, key: 'augSmooth' | 'eigenSmooth') => {
    const v = params.get(name);
    if (v === null) return;
    if (v === '1' || v === '0') out[key] = v === '1';
    else ignored.push(`${name}=${v}`);
  };
  flag('aug', 'augSmooth');
  flag('eigen', 'eigenSmooth');
  const layers = params.get('layers');
  if (layers) out.extraLayers = layers.split(',').filter((l) => l !== '');
  const target = params.get('target');
  if (target !== null) {
    if ((SCORE_TARGETS as readonly string[]).includes(target))
      out.scoreTarget = target as 'logit' | 'probability';
    else ignored.push(`target=${target}`);
  }
  const versus = params.get('versus');
  if (versus !== null) {
    const n = Number(versus);
    if (versus !== '' && Number.isInteger(n) && n >= 0) out.versusClass = n;
    else ignored.push(`versus=${versus}`);
  }
  return out;
}

export function serializeMethodOptions(s: AppState, params: URLSearchParams): void {
  if (s.augSmooth) params.set('aug', '1');
  if (s.eigenSmooth) params.set('eigen', '1');
  if (s.extraLayers.length) params.set('layers', s.extraLayers.join(','));
  if (s.scoreTarget !== 'logit') params.set('target', s.scoreTarget);
  if (s.versusClass !== null) params.set('versus', String(s.versusClass));
}
