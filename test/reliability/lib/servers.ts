import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, until } from './processes.ts';

/**
 * Throwaway PostgreSQL and Redis servers on free loopback ports, for fault injection: tests stop, restart and kill
 * these, never the shared servers on 5432/6379 that other test runs use.
 */

function which(bin: string): string | null {
  const r = spawnSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

function pgBinDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
    for (const v of versions) if (existsSync(join(root, v, 'bin', 'initdb'))) return join(root, v, 'bin');
  }
  const initdb = which('initdb');
  return initdb ? initdb.replace(/\/initdb$/, '') : null;
}

/** Why throwaway servers cannot run here, or null when they can. */
export function serversUnavailable(): string | null {
  if (!which('redis-server')) return 'redis-server on PATH';
  if (!pgBinDir()) return 'PostgreSQL server binaries (initdb, pg_ctl)';
  return null;
}

/** initdb refuses to run as root: run the server as the `postgres` OS user then. */
function osUser(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

export interface OwnPostgres {
  port: number;
  /** `postgres://postgres@127.0.0.1:<port>/postgres`. */
  url: string;
  /** URL of database `name` on this server. */
  urlOf(name: string): string;
  stop(mode?: 'fast' | 'immediate'): void;
  start(): void;
  restart(): void;
  /** The server's log so far. */
  logText(): string;
  destroy(): void;
}

/** A fresh cluster (initdb, fsync off) on a free port; about a second to create. */
export async function startOwnPostgres(): Promise<OwnPostgres> {
  const bin = pgBinDir()!;
  const dir = mkdtempSync(join(tmpdir(), 'ownpg-'));
  const user = osUser();
  if (user) chownSync(dir, user.uid, user.gid);
  const run = (args: string[], file = 'pg_ctl') => {
    const r = spawnSync(join(bin, file), args, {
      encoding: 'utf8',
      ...(user && { uid: user.uid, gid: user.gid }),
      env: { ...process.env, LC_ALL: 'C' },
    });
    if (r.status !== 0) throw new Error(`${file} ${args.join(' ')}: ${r.stderr || r.stdout}`);
  };
  run(['-D', join(dir, 'data'), '-U', 'postgres', '--auth=trust', '-N', '-E', 'UTF8'], 'initdb');
  const port = await freePort();
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=200`;
  const data = join(dir, 'data');
  const ctl = (...args: string[]) => run(['-D', data, '-l', join(dir, 'log'), '-w', '-t', '60', ...args]);
  ctl('-o', opts, 'start');
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    port,
    url,
    urlOf: (name) => `postgres://postgres@127.0.0.1:${port}/${name}`,
    stop: (mode = 'fast') => ctl('-m', mode, 'stop'),
    start: () => ctl('-o', opts, 'start'),
    restart: () => ctl('-m', 'fast', '-o', opts, 'restart'),
    logText: () => {
      try {
        return readFileSync(join(dir, 'log'), 'utf8');
      } catch {
        return '';
      }
    },
    destroy() {
      try {
        ctl('-m', 'immediate', 'stop');
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface OwnRedis {
  port: number;
  url: string;
  /** Stops it (all data gone: it keeps nothing on disk). */
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const ping = () =>
    spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' }).stdout.trim() === 'PONG';
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    await until('own redis to answer', ping, 10_000, 25);
  };
  const stop = async () => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null) return;
    const gone = new Promise((r) => c.once('exit', r));
    c.kill('SIGKILL');
    await gone;
  };
  await start();
  return { port, url: `redis://127.0.0.1:${port}`, stop, start, destroy: stop };
}
