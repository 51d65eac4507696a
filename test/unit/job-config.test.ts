import { describe, expect, it } from 'vitest';
import { JobConfigError, loadJobConfig } from '../../jobs/config.ts';

describe('BULLMQ_PREFIX', () => {
  it('defaults to clearance and accepts a plain name or a Redis Cluster hash tag', () => {
    expect(loadJobConfig({}).prefix).toBe('clearance');
    for (const prefix of ['shop-2.eu_west', '{clearance}', `{${'a'.repeat(62)}}`, 'a'.repeat(64)]) {
      expect(loadJobConfig({ BULLMQ_PREFIX: prefix }).prefix).toBe(prefix);
    }
  });

  it('refuses anything else, naming the variable', () => {
    for (const prefix of ['{clearance', 'clearance}', '{}', 'a{b}c', '{a}{b}', 'a b', 'a:b', 'a'.repeat(65)]) {
      expect(() => loadJobConfig({ BULLMQ_PREFIX: prefix }), prefix).toThrow(JobConfigError);
      expect(() => loadJobConfig({ BULLMQ_PREFIX: prefix }), prefix).toThrow(/BULLMQ_PREFIX/);
    }
  });
});
