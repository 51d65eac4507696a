import pino, { type Logger } from 'pino';
import type { Config } from './config.ts';

/** Secrets never reach the logs: Authorization headers and key fields are redacted. */
export const REDACT = [
  'req.headers.authorization',
  'headers.authorization',
  '*.apiKeys',
  'apiKeys',
  '*.key',
  '*.secret',
  'secret',
];

export function createLogger(level: Config['logLevel']): Logger {
  const pretty = process.stdout.isTTY && process.env.NODE_ENV !== 'production';
  return pino({
    level,
    redact: { paths: REDACT, censor: '[redacted]' },
    ...(pretty && {
      transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss', ignore: 'pid,hostname' } },
    }),
  });
}
