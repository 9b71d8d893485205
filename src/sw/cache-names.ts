/**
 * The one Cache Storage cache that holds model files (bundled, catalogue and URL models alike).
 * The model worker writes it as it downloads; the service worker reads it (offline) and only fills
 * it with the default model when no one has yet. Not versioned: model URLs are pinned (a changed
 * bundled model gets a new id), so a deploy keeps what users already downloaded.
 */
export const MODEL_CACHE = 'gradcam-models';
