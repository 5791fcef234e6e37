// winston logger: JSON lines in production, readable lines in development. Every line passes the
// redaction format first, so a secret put into a log call by mistake is masked, not written.
import winston from 'winston';
import type Transport from 'winston-transport';
import { redact } from './redact';

export type Logger = winston.Logger;

export interface LoggerOptions {
  level: 'error' | 'warn' | 'info' | 'debug' | 'silent';
  json: boolean;
  /** Where lines go; the console by default. Tests pass a capturing transport. */
  transports?: Transport[];
}

export function createLogger(options: LoggerOptions): Logger {
  const readable = winston.format.printf(({ level, message, timestamp, ...meta }) => {
    const extra = Object.keys(meta).length > 0 ? ` ${JSON.stringify(meta)}` : '';
    return `${timestamp} ${level} ${message}${extra}`;
  });
  return winston.createLogger({
    level: options.level === 'silent' ? 'error' : options.level,
    silent: options.level === 'silent',
    format: winston.format.combine(
      redact(),
      winston.format.timestamp(),
      winston.format.errors({ stack: true }),
      options.json ? winston.format.json() : winston.format.combine(winston.format.colorize(), readable),
    ),
    transports: options.transports ?? [new winston.transports.Console()],
  });
}
