/** The batch run's progress on stderr: a redrawn bar on a terminal, a line per tenth otherwise. */
import { formatDuration, progressStats } from '../dataset/progress';

export class ProgressBar {
  private readonly start = performance.now();
  private done = 0;
  private failed = 0;
  private lastTenth = -1;

  constructor(
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  tick(ok: boolean): void {
    this.done++;
    if (!ok) this.failed++;
    const tenth = Math.floor((10 * this.done) / Math.max(1, this.total));
    if (this.stream.isTTY) this.stream.write(`\r${this.line()}`);
    else if (tenth !== this.lastTenth || this.done === this.total) {
      this.lastTenth = tenth;
      this.stream.write(`${this.line()}\n`);
    }
  }

  finish(): void {
    if (this.stream.isTTY && this.done > 0) this.stream.write('\n');
  }

  get elapsedMs(): number {
    return performance.now() - this.start;
  }

  line(): string {
    const s = progressStats(this.done, this.total, this.elapsedMs);
    const width = 24;
    const filled = Math.round((width * this.done) / Math.max(1, this.total));
    const bar = `${'#'.repeat(filled)}${'-'.repeat(width - filled)}`;
    const failed = this.failed > 0 ? `, ${this.failed} bad` : '';
    return (
      `[${bar}] ${this.done}/${this.total}${failed}  ${s.imagesPerSecond.toFixed(1)} img/s` +
      `  ${formatDuration(s.secondsLeft)} left`
    );
  }
}
