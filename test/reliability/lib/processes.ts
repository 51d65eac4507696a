import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPagesIfMissing } from '../../../src/http/static.ts';

export const REPO = fileURLToPath(new URL('../../..', import.meta.url));

/** A port nobody listens on right now (127.0.0.1). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until truthy or `timeoutMs` passes (then throws, naming `what`). */
export async function until<T>(
  what: string,
  check: () => T | Promise<T>,
  timeoutMs = 20_000,
  everyMs = 50,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > end)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${last}` : ''}`);
    await sleep(everyMs);
  }
}

export interface Proc {
  name: string;
  child: ChildProcess;
  /** Base URL of an API process. */
  url: string;
  /** Everything the process wrote to stdout and stderr. */
  output(): string;
  alive(): boolean;
  /** Resolves with the exit code (null when killed by a signal) and the signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends `signal` and waits for the exit (SIGKILL after `graceMs`). */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * The console pages are built once before any API process starts: `npm start` builds them when missing, and several
 * processes doing that at once would race on `dist/`. A lock directory serialises test files.
 */
function ensurePages(): void {
  const lock = join(tmpdir(), 'clearance-pages-build.lock');
  const end = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > end) break;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    buildPagesIfMissing(() => {});
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function start(name: string, script: string, env: Record<string, string>, url: string): Proc {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: REPO,
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks: string[] = [];
  child.stdout!.on('data', (c: Buffer) => chunks.push(c.toString()));
  child.stderr!.on('data', (c: Buffer) => chunks.push(c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    name,
    child,
    url,
    output: () => chunks.join(''),
    alive,
    exited,
    async stop(signal = 'SIGTERM', graceMs = 30_000) {
      if (alive()) child.kill(signal);
      const timer = setTimeout(() => alive() && child.kill('SIGKILL'), graceMs);
      const r = await exited;
      clearTimeout(timer);
      return r;
    },
  };
}

/** `node --import tsx src/main.ts` on `port`; resolves once `/health` answers. */
export async function spawnApi(name: string, port: number, env: Record<string, string>): Promise<Proc> {
  ensurePages();
  const url = `http://127.0.0.1:${port}`;
  const p = start(name, 'src/main.ts', { RUN_WORKER: 'false', HOST: '127.0.0.1', PORT: String(port), ...env }, url);
  try {
    await until(
      `${name} to answer /health`,
      async () => {
        if (!p.alive()) throw new Error(`${name} exited: ${p.output().slice(-2000)}`);
        return (await fetch(`${url}/health`)).status === 200;
      },
      90_000,
      100,
    );
  } catch (err) {
    await p.stop('SIGKILL');
    throw err;
  }
  return p;
}

/** `node --import tsx jobs/main.ts`; resolves once it logs that it started. */
export async function spawnWorker(name: string, env: Record<string, string>): Promise<Proc> {
  const p = start(name, 'jobs/main.ts', { LOG_LEVEL: 'info', ...env }, '');
  try {
    await until(
      `${name} to start`,
      () => {
        if (!p.alive()) throw new Error(`${name} exited: ${p.output().slice(-2000)}`);
        return p.output().includes('worker started');
      },
      90_000,
      100,
    );
  } catch (err) {
    await p.stop('SIGKILL');
    throw err;
  }
  return p;
}

// biome-ignore lint/suspicious/noExplicitAny: response bodies of many shapes, read field by field in tests
export type Json = Record<string, any>;

/** A small JSON client for a spawned API. */
export function http(base: string, bearer?: string) {
  return async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const started = performance.now();
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(bearer && { authorization: `Bearer ${bearer}` }),
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await res.text();
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: res.status, headers: res.headers, text, json: json as Json, ms: performance.now() - started };
  };
}

/** Percentile of a list of numbers (nearest rank). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Load from a separate process (autocannon), so the load generator does not share this process's event loop. */
export function autocannon(
  url: string,
  opts: {
    connections: number;
    rate?: number;
    seconds: number;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
  },
): Promise<{ total: number; statusCodes: Record<string, number>; rps: number }> {
  const args = [
    `${REPO}/node_modules/autocannon/autocannon.js`,
    '-c',
    String(opts.connections),
    '-d',
    String(opts.seconds),
    '-m',
    opts.method ?? 'GET',
    '--json',
    '--no-progress',
  ];
  if (opts.rate) args.push('-R', String(opts.rate));
  for (const [k, v] of Object.entries(opts.headers ?? {})) args.push('-H', `${k}=${v}`);
  if (opts.body !== undefined) args.push('-b', opts.body);
  args.push(url);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => {
    out += c.toString();
  });
  return new Promise((resolve, reject) => {
    child.once('exit', () => {
      try {
        const r = JSON.parse(out.slice(out.indexOf('{')));
        const statusCodes: Record<string, number> = {};
        for (const [code, v] of Object.entries(r.statusCodeStats ?? {}))
          statusCodes[code] = (v as { count: number }).count;
        resolve({ total: r.requests.total, statusCodes, rps: r.requests.average });
      } catch (err) {
        reject(new Error(`autocannon output: ${out.slice(0, 300)} (${err})`));
      }
    });
  });
}
