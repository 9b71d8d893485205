/**
 * The one home of every method's facts: id, label, hint, what it needs and what it costs. Types,
 * the page's picker and hints, the slow-method rules and the command line's list all derive from it.
 */

/**
 * How a method gets its channel weights or map: `gradient` = from dScore/dA (head backward only);
 * `activation` = from A alone (no gradient); `ablation` = head forward passes with channels removed;
 * `score` = full forward passes of the masked input.
 */
export type MethodKind = 'gradient' | 'activation' | 'ablation' | 'score';

export interface MethodInfo {
  /** What the page and the command line show. */
  label: string;
  /** One line for the page: what the method does, in plain words. */
  hint: string;
  kind: MethodKind;
  /** `slow` = many forward passes: progress bar, cancel, and cheap (Grad-CAM) thumbnails. */
  cost: 'fast' | 'slow';
}

export const METHOD_INFO = {
  gradcam: {
    label: 'Grad-CAM',
    hint: 'Channel weights = mean gradient. The classic.',
    kind: 'gradient',
    cost: 'fast',
  },
  'gradcam++': {
    label: 'Grad-CAM++',
    hint: 'Second-order weights: better with several objects.',
    kind: 'gradient',
    cost: 'fast',
  },
  hirescam: {
    label: 'HiResCAM',
    hint: 'Gradient × activation, element-wise: faithful to the score.',
    kind: 'gradient',
    cost: 'fast',
  },
  xgradcam: {
    label: 'XGrad-CAM',
    hint: 'Activation-normalised gradient weights.',
    kind: 'gradient',
    cost: 'fast',
  },
  layercam: {
    label: 'LayerCAM',
    hint: 'Positive gradients × activations: finer detail on early layers.',
    kind: 'gradient',
    cost: 'fast',
  },
  'gradcam-elementwise': {
    label: 'Grad-CAM element-wise',
    hint: 'ReLU of gradient × activation, element-wise.',
    kind: 'gradient',
    cost: 'fast',
  },
  eigencam: {
    label: 'Eigen-CAM',
    hint: 'First principal component of the activations (class-agnostic).',
    kind: 'activation',
    cost: 'fast',
  },
  ablationcam: {
    label: 'Ablation-CAM',
    hint: 'Score drop when each channel is removed (slower).',
    kind: 'ablation',
    cost: 'slow',
  },
  scorecam: {
    label: 'Score-CAM',
    hint: 'Score of the image masked by each channel (slowest, gradient-free).',
    kind: 'score',
    cost: 'slow',
  },
} as const satisfies Record<string, MethodInfo>;

export type MethodName = keyof typeof METHOD_INFO;

/** Every method id, in the order the page lists them. */
export const METHODS = Object.keys(METHOD_INFO) as readonly MethodName[];

export function isMethodName(value: string): value is MethodName {
  return Object.hasOwn(METHOD_INFO, value);
}

export function methodLabel(method: MethodName): string {
  return METHOD_INFO[method].label;
}

export function isSlowMethod(method: MethodName): boolean {
  return METHOD_INFO[method].cost === 'slow';
}

/** The method used for the class thumbnails: the selected one when it is fast, else Grad-CAM. */
export function thumbnailMethod(method: MethodName): MethodName {
  return isSlowMethod(method) ? 'gradcam' : method;
}

export type GradientMethod = {
  [M in MethodName]: (typeof METHOD_INFO)[M]['kind'] extends 'gradient' ? M : never;
}[MethodName];

export const GRADIENT_METHODS = METHODS.filter(
  (m): m is GradientMethod => METHOD_INFO[m].kind === 'gradient',
) as readonly GradientMethod[];

export function isGradientMethod(method: MethodName): method is GradientMethod {
  return METHOD_INFO[method].kind === 'gradient';
}
