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
  /**
   * Whether the eigen_smooth option applies: the map is a sum of per-channel terms that it can
   * replace by their first principal component (false where the method projects anyway or ignores it).
   */
  eigenSmooth: boolean;
}

export const METHOD_INFO = {
  gradcam: {
    label: 'Grad-CAM',
    hint: 'Channel weights = mean gradient. The classic.',
    kind: 'gradient',
    cost: 'fast',
    eigenSmooth: true,
  },
  'gradcam++': {
    label: 'Grad-CAM++',
    hint: 'Second-order weights: better with several objects.',
    kind: 'gradient',
    cost: 'fast',
    eigenSmooth: true,
  },
  hirescam: {
    label: 'HiResCAM',
    hint: 'Gradient × activation, element-wise: faithful to the score.',
    kind: 'gradient',
    cost: 'fast',
    eigenSmooth: true,
  },
  xgradcam: {
    label: 'XGrad-CAM',
    hint: 'Activation-normalised gradient weights.',
    kind: 'gradient',
    cost: 'fast',
    eigenSmooth: true,
  },
  layercam: {
    label: 'LayerCAM',
    hint: 'Positive gradients × activations: finer detail on early layers.',
    kind: 'gradient',
    cost: 'fast',
    eigenSmooth: true,
  },
  'gradcam-elementwise': {
    label: 'Grad-CAM element-wise',
    hint: 'ReLU of gradient × activation, element-wise.',
    kind: 'gradient',
    cost: 'fast',
    eigenSmooth: true,
  },
  eigencam: {
    label: 'Eigen-CAM',
    hint: 'First principal component of the activations (class-agnostic).',
    kind: 'activation',
    cost: 'fast',
    eigenSmooth: false,
  },
  eigengradcam: {
    label: 'Eigen-Grad-CAM',
    hint: 'First principal component of gradient × activation.',
    kind: 'gradient',
    cost: 'fast',
    eigenSmooth: false,
  },
  shapleycam: {
    label: 'ShapleyCAM',
    hint: 'Gradient and Hessian weights: a Shapley-value view of Grad-CAM (best with the probability).',
    kind: 'gradient',
    cost: 'fast',
    eigenSmooth: true,
  },
  finercam: {
    label: 'FinerCAM',
    hint: 'Grad-CAM of the class against its three most similar classes: what tells them apart.',
    kind: 'gradient',
    cost: 'fast',
    eigenSmooth: true,
  },
  kpcacam: {
    label: 'KPCA-CAM',
    hint: 'Kernel PCA of the activations (class-agnostic).',
    kind: 'activation',
    cost: 'fast',
    eigenSmooth: false,
  },
  fem: {
    label: 'FEM',
    hint: 'Channels weighted by how often they fire far above their mean (class-agnostic, gradient-free).',
    kind: 'activation',
    cost: 'fast',
    eigenSmooth: false,
  },
  randomcam: {
    label: 'Random-CAM',
    hint: 'Random channel weights (fixed seed): the baseline any method must beat.',
    kind: 'activation',
    cost: 'fast',
    eigenSmooth: true,
  },
  ablationcam: {
    label: 'Ablation-CAM',
    hint: 'Score drop when each channel is removed (slower).',
    kind: 'ablation',
    cost: 'slow',
    eigenSmooth: true,
  },
  scorecam: {
    label: 'Score-CAM',
    hint: 'Score of the image masked by each channel (slowest, gradient-free).',
    kind: 'score',
    cost: 'slow',
    eigenSmooth: true,
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

/** Methods whose map depends on the class (and so on the score target): all but the activation ones. */
export function usesScoreTarget(method: MethodName): boolean {
  return METHOD_INFO[method].kind !== 'activation';
}
