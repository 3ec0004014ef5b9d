import { readFileSync } from 'node:fs';

/** Resident memory of a process in MB (Linux `/proc`), or undefined where it cannot be read. */
export function rssMb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((entry) => entry.startsWith('VmRSS:'));
    return line ? Math.round(Number(line.split(/\s+/)[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export const median = (values: readonly number[]): number => percentile(values, 50);

/** A plain-text table, columns padded to their widest cell. */
export function table(header: readonly string[], rows: readonly (readonly (string | number | undefined)[])[]): string {
  const text = (cell: string | number | undefined) => (cell === undefined ? '–' : typeof cell === 'number' ? String(Math.round(cell * 10) / 10) : cell);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => text(row[column]).length)));
  const line = (cells: readonly (string | number | undefined)[]) => cells.map((cell, column) => text(cell).padEnd(widths[column])).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** CPU time (user + system, every thread) a process has used so far, in ms (Linux `/proc`); undefined where unreadable. */
export function cpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}
