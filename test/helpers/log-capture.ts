// A real winston logger (JSON lines, redaction) whose lines are kept in memory for tests to inspect.
import Transport from 'winston-transport';
import { createLogger, type Logger } from '../../src/logging/logger';

class CapturingTransport extends Transport {
  readonly lines: string[] = [];
  override log(info: Record<string | symbol, unknown>, next: () => void): void {
    this.lines.push(String(info[Symbol.for('message')] ?? JSON.stringify(info)));
    next();
  }
}

/** `lines`: every line written so far, as JSON text. */
export function captureLogger(): { logger: Logger; lines: string[] } {
  const capture = new CapturingTransport();
  return { logger: createLogger({ level: 'debug', json: true, transports: [capture] }), lines: capture.lines };
}
