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

/** The process logger; `destination` (tests) receives the JSON lines instead of stdout. */
export function createLogger(level: Config['logLevel'], destination?: pino.DestinationStream): Logger {
  const pretty = !destination && process.stdout.isTTY && process.env.NODE_ENV !== 'production';
  const options = {
    level,
    redact: { paths: REDACT, censor: '[redacted]' },
    ...(pretty && {
      transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss', ignore: 'pid,hostname' } },
    }),
  };
  return destination ? pino(options, destination) : pino(options);
}
