/** Every method: the registry (facts) and the implementations. */
export { ablationWeights } from './ablation';
export { eigenCam, eigenCams, topEigenvector } from './eigen';
export { type CamTensors, gradientCam, weightedSum } from './gradient';
export * from './registry';
export { scoreCamWeights } from './score';
