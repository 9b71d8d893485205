/** Every method: the registry (facts) and the implementations. */
export { ablationWeights } from './ablation';
export { eigenCam, eigenCams, eigenProjections, orientLike, topEigenvector } from './eigen';
export {
  type CamTensors,
  type GradientTerms,
  gradientCam,
  gradientTerms,
  weightedSum,
  weightedTerms,
} from './gradient';
export * from './registry';
export { scoreCamWeights } from './score';
