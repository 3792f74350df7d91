import { describe, expect, it } from 'vitest';
import { extractFigures, figureSatisfied, frequencySpans, unsupportedFigures } from '../../src/match/figures.js';

const fig = (s: string) => extractFigures(s).map((f) => `${f.kind}:${f.value}:${f.bound}`);

describe('extractFigures', () => {
  it.each([
    ['パスワードは90日以内に変更すること', ['time:2160:max']],
    ['アクセスログを最低6か月間保存すること', ['time:4320:min']],
    ['稼働率99.5%以上を保証すること', ['percent:99.5:min']],
    ['ログを1年間保存', ['time:8760:eq']],
    ['72時間以内に通知されますか', ['time:72:max']],
    ['Are logs retained for a minimum of one year?', ['time:8760:min']],
    ['Is access removed within one business day?', ['time:24:max']],
    ['Do you apply AES-256 encryption?', ['id:aes256:eq']],
    ['Are you certified under ISO 27001?', ['id:iso27001:eq']],
    ['年1回以上見直しを行う', ['freq:1:min']],
    ['半年に1回実施', ['freq:2:eq']],
    ['四半期ごとに収集', ['freq:4:eq']],
    ['Is there a monthly (or more frequent) review?', ['freq:12:min']],
    ['退職当日中に無効化', ['time:24:max']],
    ['24x7 SOC', ['id:24x7:eq']],
    ['High:1週間以内', ['time:168:max']],
  ])('%s', (text, expected) => {
    expect(fig(text)).toEqual(expected);
  });
  it('ignores enumerations, numbering and dates', () => {
    expect(fig('(1) 文書化されていますか\n(2) 承認されていますか')).toEqual([]);
    expect(fig('3-2. 方針を定めていますか')).toEqual([]);
    expect(fig('2025年8月30日より施行')).toEqual([]);
  });
});

describe('figureSatisfied', () => {
  const one = (s: string) => extractFigures(s)[0]!;
  it('a stricter bank commitment satisfies a looser question', () => {
    expect(figureSatisfied(one('72時間以内'), one('24時間以内'))).toBe(true);
    expect(figureSatisfied(one('within 7 days'), one('1週間以内'))).toBe(true);
    expect(figureSatisfied(one('最低6か月保存'), one('1年以上保存'))).toBe(true);
    expect(figureSatisfied(one('年1回'), one('年1回以上'))).toBe(true);
  });
  it('a looser bank commitment does not satisfy a stricter question', () => {
    expect(figureSatisfied(one('12時間以内'), one('24時間以内'))).toBe(false);
    expect(figureSatisfied(one('半年に1回'), one('年1回以上'))).toBe(false);
    expect(figureSatisfied(one('quarterly'), one('年1回以上'))).toBe(false);
    expect(figureSatisfied(one('2年以上保存'), one('1年以上保存'))).toBe(false);
  });
  it('different kinds never meet', () => {
    expect(figureSatisfied(one('99.5%'), one('24時間以内'))).toBe(false);
  });
});

describe('unsupportedFigures', () => {
  it('reports question figures no bank figure backs', () => {
    const bank = extractFigures('インシデント発生時は24時間以内に報告');
    expect(unsupportedFigures(extractFigures('90日以内にパスワード変更'), bank)).toHaveLength(1);
    expect(unsupportedFigures(extractFigures('72時間以内に報告'), bank)).toHaveLength(0);
    expect(unsupportedFigures([], bank)).toHaveLength(0);
  });
});

describe('frequencies', () => {
  it('「半年ごと」 is twice a year, not yearly', () => {
    const [f] = extractFigures('インシデント対応訓練を半年ごとに実施していますか');
    const [yearly] = extractFigures('年1回以上のインシデント対応訓練を実施すること');
    expect(f).toBeDefined();
    expect(yearly).toBeDefined();
    expect(unsupportedFigures([f!], [yearly!])).toHaveLength(1);
  });
});

describe('frequencySpans (a frequency expression is tokenised as one concept)', () => {
  const spans = (t: string) => frequencySpans(t).map((f) => [t.slice(f.start, f.end), f.perYear]);
  it('takes the bound words around the frequency', () => {
    expect(spans('アクセス権の見直しを年1回以上実施')).toEqual([['年1回以上', 1]]);
    expect(spans('it reviewed at least once a year')).toEqual([['at least once a year', 1]]);
    expect(spans('policies reviewed and updated at least annually')).toEqual([['at least annually', 1]]);
    expect(spans('四半期ごとに脆弱性情報を収集し、月に2回報告')).toEqual([
      ['四半期ごと', 4],
      ['月に2回', 24],
    ]);
  });
  it('reads 年に一度 as once a year (for the figures guard too)', () => {
    expect(spans('年に一度以上見直す')).toEqual([['年に一度以上', 1]]);
    expect(extractFigures('年に一度以上見直す')).toEqual([{ kind: 'freq', value: 1, bound: 'min', text: '年に一度' }]);
    expect(spans('2024年度の計画')).toEqual([]);
  });
  it('finds nothing in a text without a figure', () => {
    expect(frequencySpans('アクセス権の見直し')).toEqual([]);
  });
});
