/**
 * Temporarily replaced tfjs gradients, for one synchronous computation (a backward pass): the
 * engine looks gradients up by kernel name, so registering a config and restoring tfjs's own
 * afterwards changes nothing outside fn (JavaScript runs fn to the end before anything else).
 */
import * as tf from '@tensorflow/tfjs';

export function withGradients<T>(configs: readonly tf.GradConfig[], fn: () => T): T {
  const saved = configs.map((c) => tf.getGradient(c.kernelName));
  for (const config of configs) tf.registerGradient(config);
  try {
    return fn();
  } finally {
    saved.forEach((config) => {
      if (config) tf.registerGradient(config);
    });
  }
}
