/**
 * ImageFolder ground truth: `class_name/photo.jpg` -> the class whose label matches the folder name,
 * case- and underscore-insensitively ("golden_retriever" = "Golden Retriever"; any comma-separated
 * synonym of an ImageNet label counts: "tabby_cat" = "tabby, tabby cat"). Framework-free.
 */

/** The comparable form of a name: lower case, underscores and runs of spaces as one space. */
export function normaliseName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[_\s]+/g, ' ')
    .trim();
}

/** Folder name -> class index for a model's labels (first full-label match, then first synonym match). */
export function labelMatcher(labels: readonly string[]): (folder: string) => number | null {
  const full = new Map<string, number>();
  const synonyms = new Map<string, number>();
  labels.forEach((label, index) => {
    const whole = normaliseName(label);
    if (whole && !full.has(whole)) full.set(whole, index);
    for (const part of label.split(',')) {
      const name = normaliseName(part);
      if (name && !synonyms.has(name)) synonyms.set(name, index);
    }
  });
  return (folder) => {
    const name = normaliseName(folder);
    return full.get(name) ?? synonyms.get(name) ?? null;
  };
}

/** The folder a file sits in (its class folder), or null for files at the top of the dataset. */
export function classFolder(relativePath: string): string | null {
  const parts = relativePath.split('/');
  return parts.length >= 2 ? parts[parts.length - 2] : null;
}

/** Ground truth of a file from its path, or null when its folder names no class of the model. */
export function truthOf(relativePath: string, match: (folder: string) => number | null): number | null {
  const folder = classFolder(relativePath);
  return folder == null ? null : match(folder);
}
