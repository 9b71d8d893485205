/** Small text helpers for messages built from user input. */

/** Cuts long text (a hostile link must not flood the page). */
export function clip(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
