// Turning measurements into the printed table and bench/results/latest.json.
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface Row {
  server: string;
  scenario: string;
  reqPerSec: number;
  p99Ms: number;
  /** The server's CPU time per request, in microseconds, when it was read. */
  cpuUsPerRequest?: number;
  /** This server's req/s divided by bare Apollo's on the same scenario. */
  ratioVsBare: number;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function printTable(rows: Row[]): void {
  const header = ['server', 'scenario', 'req/s (median)', 'p99 ms (median)', 'CPU us/req (median)', 'ratio vs bare'];
  const cells = rows.map((row) => [row.server, row.scenario, row.reqPerSec.toFixed(0), row.p99Ms.toFixed(1), row.cpuUsPerRequest?.toFixed(0) ?? '-', `${row.ratioVsBare.toFixed(2)}x`]);
  const widths = header.map((title, i) => Math.max(title.length, ...cells.map((line) => line[i].length)));
  const format = (line: string[]) => line.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  console.log(`\n${format(header)}\n${widths.map((width) => '-'.repeat(width)).join('  ')}`);
  for (const line of cells) console.log(format(line));
}

/** Written next to the sources (bench/results/), whatever the working directory. */
export async function writeResults(results: object): Promise<string> {
  const dir = path.resolve(__dirname, '../../bench/results');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, 'latest.json');
  const machine = { node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, platform: `${os.platform()} ${os.release()}` };
  await writeFile(file, `${JSON.stringify({ finishedAt: new Date().toISOString(), machine, ...results }, null, 2)}\n`);
  return file;
}
