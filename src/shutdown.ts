import type { Logger } from 'pino';

/**
 * On SIGINT/SIGTERM, runs `steps` once, in order (stop taking work, finish what is in flight, close connections),
 * then exits 0; a step that hangs is cut off after 25 s with exit 1. Shared by the API process and the worker.
 */
export function onShutdown(logger: Logger, what: string, steps: (() => Promise<unknown>)[]): void {
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, `${what} shutting down: finishing work in flight`);
    setTimeout(() => process.exit(1), 25_000).unref();
    try {
      for (const step of steps) await step();
    } finally {
      process.exit(0);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}
