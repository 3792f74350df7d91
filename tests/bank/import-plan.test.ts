import { describe, expect, it } from 'vitest';
import { slug } from '../../src/bank/import-plan.js';

describe('import plan helpers', () => {
  it('slugs names into id parts', () => {
    expect(slug('Acme Corp.')).toBe('acme-corp');
    expect(slug('A&A-01.1')).toBe('a-a-01-1');
    expect(slug('顧客A')).toMatch(/^a-[0-9a-f]{6}$/);
    expect(slug('株式会社')).toMatch(/^c-[0-9a-f]{6}$/);
  });
});
