import { describe, expect, it } from 'vitest';
import type { Entry } from '../../src/domain/types.js';
import { loadBank } from '../../src/node/load-bank.js';
import { decide } from '../../src/match/decide.js';
import { buildIndex } from '../../src/match/match-index.js';
import { compileUnsettled, namedTopics } from '../../src/match/unsettled.js';
import { topicsOf } from '../../src/match/index-core.js';
import { ROOT } from '../helpers.js';

const terms = compileUnsettled([
  { topic: 'backups', terms: ['バックアップ', 'backup'] },
  { topic: 'privacy', terms: ['privacy'] },
]);

function entry(id: string, answer: Entry['answer'], questions: string[]): Entry {
  return { id, category: 'x', questions, answer, remarks: { ja: 'r', en: 'r' }, source: { regulation: ['1.1'] }, reviewed: '2026-11-23', owner: 'CTO' };
}

describe('unsettled topics', () => {
  it('finds English terms as whole words (plural too) and Japanese terms anywhere', () => {
    expect([...namedTopics('Are backups encrypted?', terms).keys()]).toEqual(['backups']);
    expect([...namedTopics('データのバックアップを取得していますか', terms).keys()]).toEqual(['backups']);
    expect([...namedTopics('Is the backupserver patched?', terms).keys()]).toEqual([]);
    expect([...namedTopics('privacy screens', terms).keys()]).toEqual(['privacy']);
  });

  it('an acronym in capitals is matched in capitals only (IDS is not IDs)', () => {
    const ids = compileUnsettled([{ topic: 'intrusion detection', terms: ['IDS', '侵入検知'] }]);
    expect([...namedTopics('Is an IDS deployed?', ids).keys()]).toEqual(['intrusion detection']);
    expect([...namedTopics('ＩＤＳを導入していますか', ids).keys()]).toEqual(['intrusion detection']);
    expect([...namedTopics('Are privileged IDs reviewed?', ids).keys()]).toEqual([]);
  });

  it('a Japanese term is not found inside a longer synonym member that is another word (資格 / 資格情報)', () => {
    const topics = [
      { topic: 'auditor qualifications', terms: ['資格', 'qualification'] },
      { topic: 'data location', terms: ['データセンタ'] },
      { topic: 'service levels', terms: ['サービスレベル', 'SLA'] },
    ];
    const groups = [
      ['認証情報', '資格情報', 'credentials'],
      ['データセンター', 'DC'],
      ['SLA', 'サービスレベルアグリーメント'],
    ];
    const t = compileUnsettled(topics, true, groups);
    expect([...namedTopics('コードに資格情報を格納していますか', t).keys()]).toEqual([]);
    expect([...namedTopics('監査人は資格を持っていますか', t).keys()]).toEqual(['auditor qualifications']);
    expect([...namedTopics('資格情報の管理と監査人の資格', t).keys()]).toEqual(['auditor qualifications']);
    // the term written out, and a member of a group that names the topic itself, still name it
    expect([...namedTopics('データセンターは国内ですか', t).keys()]).toEqual(['data location']);
    expect([...namedTopics('サービスレベルアグリーメントを締結していますか', t).keys()]).toEqual(['service levels']);
    // without the synonym groups, the term is found anywhere
    expect([...namedTopics('コードに資格情報を格納していますか', compileUnsettled(topics)).keys()]).toEqual(['auditor qualifications']);
  });

  it('keys named for encryption do not make an entry speak of encrypting data', () => {
    const enc = compileUnsettled([{ topic: 'encryption of data', terms: ['encryption', '暗号化さ', 'を暗号化'] }]);
    const keys = entry('data.keys', 'yes', ['Are encryption keys kept in a secret manager?', '暗号化キーを管理していますか']);
    expect([...topicsOf(keys, enc).keys()]).toEqual([]);
    expect([...topicsOf(entry('data.enc', 'yes', ['Is stored data protected by encryption?']), enc).keys()]).toEqual(['encryption of data']);
  });

  it('an entry naming one term of a topic does not back the other terms a question names', () => {
    const unsettled = [{ topic: 'data location', terms: ['データセンター', '国内', 'data center', 'located in'] }];
    const own = entry('physical.own-servers', 'no', ['自社でデータセンターを運用していますか', 'Do you operate your own data center?']);
    const idx = buildIndex({ entries: [own], synonyms: [], unsettled });
    expect(decide(idx, '自社でデータセンターを運用していますか').status).toBe('answered');
    const d = decide(idx, '自社のデータセンターは国内にありますか');
    expect(d.status).not.toBe('answered');
    expect(decide(idx, 'Is your own data center located in Japan?').status).not.toBe('answered');
  });

  it('multi-word terms, a topic named by its first listed term, a needle that is not the term', () => {
    const more = compileUnsettled([
      { topic: 'certification', terms: ['ISO 27001', 'ISMS', '第三者認証'] },
      { topic: 'logs', terms: ['ログの保管', 'log retention'] },
    ]);
    // the space of a term matches any run of spaces or hyphens
    expect(namedTopics('Are you ISO-27001 certified?', more)).toEqual(new Map([['certification', 'ISO 27001']]));
    expect(namedTopics('ISO  27001 / ISMS の認証を取得していますか', more)).toEqual(new Map([['certification', 'ISO 27001']]));
    expect(namedTopics('ISMSおよび第三者認証', more)).toEqual(new Map([['certification', 'ISMS']]));
    // "27001" and "retention" are there, but not as the terms
    expect(namedTopics('Is control 27001x documented? Is data retention defined?', more).size).toBe(0);
    expect(namedTopics('Log retention and ログの保管期間', more)).toEqual(new Map([['logs', 'ログの保管']]));
    expect(namedTopics('', more).size).toBe(0);
    expect(namedTopics('anything', []).size).toBe(0);
  });

  it('a one-character term, and terms found at the very start and end of a text', () => {
    const keys = compileUnsettled([
      { topic: 'keys', terms: ['鍵'] },
      { topic: 'hsm', terms: ['hsm'] },
      { topic: 'logs', terms: ['ログ'] },
    ]);
    expect(namedTopics('監査ログ', keys)).toEqual(new Map([['logs', 'ログ']]));
    expect(namedTopics('鍵', keys)).toEqual(new Map([['keys', '鍵']]));
    expect(namedTopics('暗号鍵の保管場所', keys)).toEqual(new Map([['keys', '鍵']]));
    expect(namedTopics('HSM', keys)).toEqual(new Map([['hsm', 'hsm']]));
    expect(namedTopics('Keys are kept in an HSM', keys)).toEqual(new Map([['hsm', 'hsm']]));
    expect(namedTopics('hs', keys).size).toBe(0);
  });

  it('an entry that does not name the topic cannot answer a question that does', () => {
    const bank = {
      entries: [entry('training.annual', 'yes', ['Is security awareness training mandatory for all employees?', 'Annual security training'])],
      synonyms: [],
      unsettled: [{ topic: 'privacy', terms: ['privacy'] }],
    };
    const index = buildIndex(bank);
    expect(decide(index, 'Is security awareness training mandatory for all employees?').status).toBe('answered');
    const d = decide(index, 'Is privacy awareness training mandatory for all employees?');
    expect(d.status).toBe('review');
    expect(d.detail).toMatch(/privacy/);
  });

  it('an entry that names the topic may still answer it', () => {
    const bank = {
      entries: [entry('remote.privacy-screen', 'yes', ['Do staff use privacy screens when working in public places?'])],
      synonyms: [],
      unsettled: [{ topic: 'privacy', terms: ['privacy'] }],
    };
    expect(decide(buildIndex(bank), 'Do staff use privacy screens when working in public places?').status).toBe('answered');
  });

  it('the shipped bank leaves unsettled topics to a person', () => {
    const bank = loadBank(`${ROOT}/answer-bank`);
    expect(bank.unsettled?.length).toBeGreaterThan(10);
    const index = buildIndex(bank);
    for (const q of [
      'ログを1年以上保管していますか。',
      'バックアップを日次で取得していますか。',
      'Is privacy awareness training mandatory for all employees?',
      'Are network configurations reviewed at least annually?',
      'Will the consulting take place on-premises?',
      '外部の監査法人による監査を受けていますか。',
    ]) {
      expect(decide(index, q).status, q).not.toBe('answered');
    }
    // the settled neighbours still answer
    expect(decide(index, '監査ログを取得していますか。').status).toBe('answered');
    expect(decide(index, 'Is security awareness training mandatory for all employees?').status).toBe('answered');
  });
});
