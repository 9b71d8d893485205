/**
 * The video settings' defaults (the store starts from them; sampling.ts and keyframes.ts fall back
 * to them), apart from the code that uses them so that the store does not bring it into the entry.
 */

/** Sampled frames per second at most. */
export const DEFAULT_MAX_PER_SECOND = 10;
export const DEFAULT_KEYFRAMES = 5;
export const DEFAULT_MIN_SPACING_S = 1;
