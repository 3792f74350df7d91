/** Bank files are input too: malformed YAML, huge files, alias bombs and deep nesting give clear errors with file:line. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kotae, tempDir } from '../helpers.js';
import { put, questionnaireXlsx, sha } from './helpers.js';

function aliasBomb(): string {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 10; i++) {
    const prev = String.fromCharCode(96 + i);
    lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  return `${lines.join('\n')}\n`;
}

function badBank(): string {
  const dir = tempDir('kotae-badbank-');
  writeFileSync(join(dir, 'broken.yaml'), '- id: access.a\n  answer: [unclosed\n');
  writeFileSync(join(dir, 'bomb.yaml'), aliasBomb());
  writeFileSync(join(dir, 'huge.yaml'), '# padding\n'.repeat(700_000));
  writeFileSync(join(dir, 'deep.yaml'), `${'['.repeat(100_000)}${']'.repeat(100_000)}\n`);
  writeFileSync(join(dir, 'tabs.yaml'), '- id: x\n\tanswer: yes\n');
  return dir;
}

function expectProblemLines(text: string, bank: string): void {
  for (const f of ['broken.yaml', 'bomb.yaml', 'huge.yaml', 'deep.yaml', 'tabs.yaml']) {
    expect(text, f).toMatch(new RegExp(`${f.replace('.', '\\.')}(:\\d+:\\d+)? `));
  }
  expect(text).toMatch(/broken\.yaml:\d+:\d+ /);
  expect(text).toMatch(/bomb\.yaml:\d+:\d+ .*alias/i);
  expect(text).toMatch(/huge\.yaml .*MB limit/);
  expect(text).not.toMatch(/^\s+at .+[(:]/m);
  expect(text).not.toMatch(/bug in kotae/);
  void bank;
}

describe('hostile answer banks', () => {
  it('kotae answer: exit 2, one line per problem with file:line, no output', () => {
    const bank = badBank();
    const input = put('q.xlsx', questionnaireXlsx());
    const before = sha(input);
    const r = kotae(['answer', input, '--bank', bank]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^error: answer bank has \d+ problems:/m);
    expect(r.stderr).toMatch(/^hint: /m);
    expectProblemLines(r.stderr, bank);
    expect(r.ms).toBeLessThan(15_000);
    expect(sha(input)).toBe(before);
  });

  it('kotae bank validate: every problem on its own line, exit 1 (findings), in seconds', () => {
    const bank = badBank();
    const r = kotae(['bank', 'validate', '--bank', bank]);
    expect(r.code, r.stderr).toBe(1);
    expectProblemLines(r.stdout, bank);
    // a YAML syntax error can cascade into several lines for one file; each names its file:line
    const lines = r.stdout
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('error'));
    expect(lines.length).toBeGreaterThanOrEqual(5);
    for (const l of lines) expect(l).toMatch(/\.yaml(:\d+:\d+)? /);
    expect(r.ms).toBeLessThan(15_000);
  });

  it('a bank folder that does not exist: exit 2 with a hint', () => {
    const r = kotae(['answer', put('q.xlsx', questionnaireXlsx()), '--bank', join(tempDir(), 'nope')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: answer bank folder not found/m);
    expect(r.stderr).toMatch(/^hint: /m);
  });
});
