import { describe, expect, it } from 'vitest';
import { parseSource } from '../../src/cli/options.js';

describe('flag values', () => {
  it('parses --source', () => {
    expect(parseSource('Acme, Inc., 2025-08-30')).toEqual({ customer: 'Acme, Inc.', date: '2025-08-30' });
    expect(parseSource('顧客A、2025年9月1日')).toEqual({ customer: '顧客A', date: '2025-09-01' });
    expect(() => parseSource('Acme')).toThrow(/customer/);
    expect(() => parseSource('Acme, 2025-02-30')).toThrow();
  });
});
