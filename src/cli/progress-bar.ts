/**
 * A progress bar on stderr for long reads. On a terminal it redraws one line as the percentage changes; in a log
 * (stderr not a terminal) it writes a line every tenth, so a CI log shows progress without thousands of lines.
 */
export interface ProgressBar {
  update(done: number, total: number): void;
  /** Ends the bar's line on a terminal (also before an error is printed, so the error gets a line of its own). */
  finish(): void;
}

const width = 30;

function megabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr): ProgressBar {
  let shown = -1;
  let open = false;
  const line = (done: number, total: number, percent: number): string => {
    const filled = Math.round((percent / 100) * width);
    return `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(percent).padStart(3)}% (${megabytes(done)} of ${megabytes(total)} MB)`;
  };
  return {
    update(done, total) {
      const percent = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 100;
      if (stream.isTTY) {
        if (percent === shown) return;
        shown = percent;
        open = true;
        stream.write(`\r${line(done, total, percent)}`);
        return;
      }
      const tenth = Math.floor(percent / 10) * 10;
      if (tenth <= shown) return;
      shown = tenth;
      stream.write(`${line(done, total, tenth)}\n`);
    },
    finish() {
      if (open) stream.write('\n');
      open = false;
    },
  };
}
