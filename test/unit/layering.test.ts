import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The rules of docs/architecture.md that a reader of one file cannot see broken elsewhere: who writes outbox rows,
 * who runs SQL, which way imports point. Each check lists the files that break its rule (empty when it holds).
 */
const ROOT = join(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const offenders = (files: string[], pattern: RegExp) => files.filter((f) => pattern.test(read(f)));
const server = [...sources('src'), ...sources('jobs')];

describe('layering', () => {
  it('finds the files it checks', () => {
    expect(server).toContain('src/db/events.ts');
    expect(server).toContain('jobs/queues.ts');
    expect(sources('src/http/routes').length).toBeGreaterThan(5);
  });

  it('writes outbox rows in one place: emit_event (migration 0005), called from src/db/events.ts', () => {
    // Migration 0003 is frozen in time; 0005 replaced the function that wrote the outbox there.
    const frozen = ['src/db/migrations/0003_reserve_function.ts', 'src/db/migrations/0005_events_and_holds.ts'];
    const inserts = offenders(server, /insert\s+into\s+outbox|insertInto\(\s*['"]outbox['"]/i);
    expect(inserts.filter((f) => !frozen.includes(f))).toEqual([]);
    const callers = offenders(server, /emit_event\s*\(/).filter((f) => !f.startsWith('src/db/migrations/'));
    expect(callers).toEqual(['src/db/events.ts']);
  });

  it('runs no SQL in routes or job processors: they call services', () => {
    const sql = /from 'kysely'|\.(selectFrom|insertInto|updateTable|deleteFrom)\(/;
    expect(offenders([...sources('src/http/routes'), ...sources('jobs')], sql)).toEqual([]);
  });

  it('keeps services and repositories free of HTTP and of the job side', () => {
    const outward = /from '(\.\.\/)+(http|jobs)\//;
    expect(offenders([...sources('src/services'), ...sources('src/db')], outward)).toEqual([]);
  });
});
