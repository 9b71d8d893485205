/**
 * A short display form: the first synonym of an ImageNet label ("tabby, tabby cat" -> "tabby").
 * Its own file so that the page can use it without pulling the label lists into its bundle.
 */
export function shortLabel(label: string): string {
  return label.split(',')[0].trim();
}
