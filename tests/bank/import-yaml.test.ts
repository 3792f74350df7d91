import { describe, expect, it } from 'vitest';
import { addPhrasings, yamlScalar } from '../../src/bank/import-yaml.js';

describe('import YAML edits', () => {
  it('renders phrasings as safe YAML scalars', () => {
    expect(yamlScalar('Do you use MFA?')).toBe('Do you use MFA?');
    expect(yamlScalar('- bullet: yes')).not.toBe('- bullet: yes');
    expect(yamlScalar('two\nlines')).toBe('"two\\nlines"');
  });
  it('adds phrasings after a last item that carries a comment, and at the end of a file without a newline', () => {
    const text = '- id: a.b\n  questions:\n    - one # first\n  answer: yes\n- id: a.c\n  questions:\n    - x';
    const out = addPhrasings(
      text,
      't.yaml',
      new Map([
        ['a.b', ['two']],
        ['a.c', ['y: z']],
      ]),
    );
    expect(out).toBe('- id: a.b\n  questions:\n    - one # first\n    - two\n  answer: yes\n- id: a.c\n  questions:\n    - x\n    - "y: z"');
  });
});
