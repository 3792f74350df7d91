// Generators for `npm run bench` (scripts/bench.mjs): answer banks of a given size (the shipped
// bank plus generated entries, written as YAML files) and check sheets of a given number of
// question rows (Japanese and English sheets, merged category cells, a dropdown on the answer
// column, shared strings), written with exceljs.
//
// Questions recombine phrasings and vocabulary in the style of real check sheets: the shipped
// bank's own phrasings (as is, or lightly reworded), questions about generated topics (context ×
// object × control, phrased differently from the bank's phrasings; whether the bank holds the
// topic depends on its size) and questions no bank answers. Deterministic (seeded PRNG).
import { copyFileSync, cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { parse, stringify } from 'yaml';

export function prng(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    // xorshift32
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

// context (where) — ja, en
const CONTEXTS = [
  ['本番環境', 'the production environment'],
  ['開発環境', 'the development environment'],
  ['検証環境', 'the staging environment'],
  ['社内ネットワーク', 'the corporate network'],
  ['クラウド基盤', 'the cloud platform'],
  ['委託先', 'subcontractors'],
  ['社用端末', 'company laptops'],
  ['私物端末', 'personal devices'],
  ['データセンター', 'the data center'],
  ['業務システム', 'business systems'],
  ['顧客データベース', 'the customer database'],
  ['会計システム', 'the accounting system'],
  ['人事システム', 'the HR system'],
  ['メールサーバ', 'the mail server'],
  ['ファイルサーバ', 'the file server'],
  ['無線LAN', 'the wireless network'],
  ['テレワーク環境', 'remote work setups'],
  ['営業拠点', 'sales offices'],
  ['海外拠点', 'overseas offices'],
  ['外部記憶媒体', 'removable media'],
  ['コールセンター', 'the call center'],
  ['決済システム', 'the payment system'],
  ['監視基盤', 'the monitoring platform'],
  ['認証基盤', 'the identity platform'],
];
// object (what) — ja, en
const OBJECTS = [
  ['アクセス権限', 'access rights'],
  ['管理者権限', 'administrator privileges'],
  ['操作ログ', 'operation logs'],
  ['監査証跡', 'audit trails'],
  ['バックアップデータ', 'backup data'],
  ['鍵情報', 'key material'],
  ['構成情報', 'configuration data'],
  ['ソースコード', 'source code'],
  ['個人情報', 'personal data'],
  ['機密文書', 'confidential documents'],
  ['利用者ID', 'user IDs'],
  ['共有フォルダ', 'shared folders'],
  ['設定ファイル', 'configuration files'],
  ['脆弱性情報', 'vulnerability reports'],
  ['障害記録', 'incident records'],
  ['変更履歴', 'change history'],
  ['契約書', 'contracts'],
  ['入退室記録', 'entry records'],
  ['電子証明書', 'digital certificates'],
  ['パッチ適用状況', 'patch levels'],
  ['資産台帳', 'the asset inventory'],
  ['委託先一覧', 'the supplier list'],
  ['運用手順書', 'operating procedures'],
  ['開発成果物', 'development deliverables'],
  ['顧客情報', 'customer information'],
  ['ネットワーク構成図', 'network diagrams'],
  ['業務委託契約', 'outsourcing agreements'],
  ['教育記録', 'training records'],
  ['特権ID', 'privileged IDs'],
  ['ファイアウォール設定', 'firewall rules'],
];
// control (how) — ja noun, en verb, en past participle, en noun
const CONTROLS = [
  ['棚卸', 'inventory', 'inventoried', 'inventory'],
  ['見直し', 'review', 'reviewed', 'review'],
  ['承認', 'approve', 'approved', 'approval'],
  ['監視', 'monitor', 'monitored', 'monitoring'],
  ['記録', 'record', 'recorded', 'recording'],
  ['保管', 'retain', 'retained', 'retention'],
  ['廃棄', 'dispose of', 'disposed of', 'disposal'],
  ['分離', 'segregate', 'segregated', 'segregation'],
  ['点検', 'inspect', 'inspected', 'inspection'],
  ['評価', 'assess', 'assessed', 'assessment'],
  ['文書化', 'document', 'documented', 'documentation'],
  ['持ち出し制限', 'restrict removal of', 'restricted from removal', 'removal restriction'],
  ['改ざん検知', 'detect tampering with', 'protected against tampering', 'tamper detection'],
  ['複製制限', 'restrict copying of', 'restricted from copying', 'copy restriction'],
  ['定期報告', 'report on', 'reported on', 'reporting'],
  ['責任者の任命', 'assign an owner to', 'assigned an owner', 'ownership'],
  ['二重チェック', 'double-check', 'double-checked', 'double checking'],
  ['版管理', 'version', 'versioned', 'version control'],
  ['外部監査', 'audit externally', 'externally audited', 'external audit'],
  ['冗長化', 'make redundant', 'made redundant', 'redundancy'],
];
const CATEGORIES = [
  ['アクセス制御', 'Access Control'],
  ['ログ・監視', 'Logging and Monitoring'],
  ['資産管理', 'Asset Management'],
  ['委託先管理', 'Supplier Management'],
  ['物理的セキュリティ', 'Physical Security'],
  ['運用管理', 'Operations'],
  ['人的セキュリティ', 'Human Resources'],
  ['事業継続', 'Business Continuity'],
  ['開発・変更管理', 'Change Management'],
  ['インシデント対応', 'Incident Response'],
];
// questions no bank answers (company facts, free text)
const OFF_TOPIC_JA = [
  '貴社の従業員数を記載してください。',
  '直近3期の売上高を教えてください。',
  '本サービスの提供開始年月を記入してください。',
  '担当営業の連絡先を記載してください。',
  'サービスの稼働率の実績値を教えてください。',
  '導入実績のある業界を教えてください。',
  '料金体系について説明してください。',
  'サポート窓口の受付時間を記載してください。',
  '親会社の名称を記入してください。',
  'データの保存場所（国・地域）を記載してください。',
  '再委託先の社名と所在地を記載してください。',
  'SLAの内容を添付してください。',
];
const OFF_TOPIC_EN = [
  'How many employees does your company have?',
  'State your annual revenue for the last three years.',
  'When did the service go live?',
  'Provide the contact details of your account manager.',
  'What was the measured uptime over the last twelve months?',
  'Which industries use the service today?',
  'Describe the pricing model.',
  'What are the support desk hours?',
  'Name your parent company, if any.',
  'In which countries is customer data stored?',
  'List your subprocessors and their locations.',
  'Attach your SLA.',
];

/** Phrasings of a generated bank entry (ctx, obj, ctl): about 10, in the bank's style. */
function entryPhrasings(c, o, k) {
  const [cj, ce] = CONTEXTS[c];
  const [oj, oe] = OBJECTS[o];
  const [kj, kv, kp, kn] = CONTROLS[k];
  return [
    `${cj}における${oj}の${kj}を実施していますか。`,
    `${cj}の${oj}について、${kj}を行っていること。`,
    `${oj}の${kj}（${cj}）`,
    `${cj}で取り扱う${oj}は${kj}の対象としていますか。`,
    `${oj}の${kj}に関する手順を${cj}で定めていますか。`,
    `Do you ${kv} ${oe} in ${ce}?`,
    `Are ${oe} in ${ce} ${kp}?`,
    `${oe[0].toUpperCase()}${oe.slice(1)} ${kn} (${ce})`,
    `Is there a documented process to ${kv} ${oe} in ${ce}?`,
    `${kn[0].toUpperCase()}${kn.slice(1)} of ${oe} held in ${ce}`,
  ];
}

/** A check-sheet question about a topic, worded unlike the bank's phrasings. */
function topicQuestion(rnd, lang, c, o, k) {
  const [cj, ce] = CONTEXTS[c];
  const [oj, oe] = OBJECTS[o];
  const [kj, kv, kp, kn] = CONTROLS[k];
  const r = Math.floor(rnd() * 4);
  if (lang === 'ja') {
    return [
      `${cj}の${oj}について、${kj}を実施していますか。`,
      `${cj}における${oj}の${kj}を行っていますか。`,
      `貴社では、${cj}で取り扱う${oj}の${kj}を実施していますか。`,
      `${oj}の${kj}（${cj}）の実施状況`,
    ][r];
  }
  return [
    `Do you ${kv} ${oe} in ${ce}?`,
    `Are ${oe} held in ${ce} ${kp}?`,
    `Does your organization ${kv} ${oe} in ${ce}?`,
    `${kn[0].toUpperCase()}${kn.slice(1)} of ${oe} in ${ce}`,
  ][r];
}

/** Rewordings a customer applies to a phrasing it took from somewhere else. */
function reword(rnd, lang, p) {
  const r = rnd();
  if (lang === 'ja') {
    if (r < 0.5) return p;
    if (r < 0.7) return `貴社では、${p}`;
    if (r < 0.85) return p.replace(/していますか。?$/u, 'されていますか。');
    return `【必須】${p}`;
  }
  if (r < 0.6) return p;
  if (r < 0.8) return p.replace(/^Do you /u, 'Does your organization ');
  return `${p} Please explain.`;
}

const allTopics = CONTEXTS.length * OBJECTS.length * CONTROLS.length;
const topicOf = (t) => [t % CONTEXTS.length, Math.floor(t / CONTEXTS.length) % OBJECTS.length, Math.floor(t / (CONTEXTS.length * OBJECTS.length))];
/** Topic numbers in bank order: a fixed shuffle, so a bigger bank holds the smaller bank's topics. */
function topicOrder() {
  const rnd = prng(7);
  const order = Array.from({ length: allTopics }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}
const TOPIC_ORDER = topicOrder();

/** The shipped bank's entries (parsed YAML) and its entry files. */
export function shippedBank(bankDir) {
  const files = readdirSync(bankDir).filter((f) => /\.ya?ml$/u.test(f) && f !== 'synonyms.yaml' && f !== 'unsettled.yaml');
  const entries = [];
  for (const f of files) entries.push(...(parse(readFileSync(join(bankDir, f), 'utf8')) ?? []));
  return { files, entries };
}

/**
 * Write a bank of `size` entries into `dir`: the shipped entry files, synonyms.yaml, unsettled.yaml
 * and regulation/, plus generated entries (500 per file). Returns the number of entries.
 */
export function writeBank(bankDir, dir, size) {
  mkdirSync(dir, { recursive: true });
  const shipped = shippedBank(bankDir);
  for (const f of [...shipped.files, 'synonyms.yaml', 'unsettled.yaml']) copyFileSync(join(bankDir, f), join(dir, f));
  cpSync(join(bankDir, 'regulation'), join(dir, 'regulation'), { recursive: true });
  const articles = [...new Set(shipped.entries.flatMap((e) => e.source?.regulation ?? []))];
  const rnd = prng(size);
  const extra = Math.max(0, size - shipped.entries.length);
  const answers = ['yes', 'yes', 'yes', 'no', 'partial', 'na'];
  const generated = [];
  for (let i = 0; i < extra; i++) {
    const t = TOPIC_ORDER[i % allTopics];
    const [c, o, k] = topicOf(t);
    const cat = CATEGORIES[o % CATEGORIES.length];
    generated.push({
      id: `gen.t${t}`,
      category: cat[0],
      questions: entryPhrasings(c, o, k),
      answer: answers[Math.floor(rnd() * answers.length)],
      remarks: {
        ja: `${CONTEXTS[c][0]}の${OBJECTS[o][0]}は、規程に基づき${CONTROLS[k][0]}を実施しています。`,
        en: `${CONTROLS[k][3][0].toUpperCase()}${CONTROLS[k][3].slice(1)} of ${OBJECTS[o][1]} in ${CONTEXTS[c][1]} follows the regulation.`,
      },
      source: { regulation: [articles[Math.floor(rnd() * articles.length)] ?? '5.1'] },
      reviewed: '2026-11-23',
      owner: 'bench',
    });
  }
  for (let f = 0; f * 500 < generated.length; f++) {
    writeFileSync(join(dir, `generated-${String(f + 1).padStart(2, '0')}.yaml`), stringify(generated.slice(f * 500, (f + 1) * 500), { lineWidth: 0 }));
  }
  return shipped.entries.length + generated.length;
}

/** Question texts for a sheet: shipped phrasings (reworded), generated topics, off-topic questions. */
function sheetQuestions(rnd, lang, n, seedPhrasings) {
  const own = seedPhrasings.filter((p) => (lang === 'ja' ? /[\u3040-\u30ff\u4e00-\u9fff]/u.test(p) : !/[\u3040-\u30ff\u4e00-\u9fff]/u.test(p)));
  const off = lang === 'ja' ? OFF_TOPIC_JA : OFF_TOPIC_EN;
  const out = [];
  for (let i = 0; i < n; i++) {
    const r = rnd();
    if (r < 0.35) out.push(reword(rnd, lang, own[Math.floor(rnd() * own.length)]));
    else if (r < 0.9) {
      // topics: mostly among the first 5,000 of the bank order (a bank of that size holds them)
      const t = TOPIC_ORDER[Math.floor(rnd() * (rnd() < 0.8 ? 5000 : allTopics))];
      const [c, o, k] = topicOf(t);
      out.push(topicQuestion(rnd, lang, c, o, k));
    } else out.push(off[Math.floor(rnd() * off.length)]);
  }
  return out;
}

const thin = { style: 'thin', color: { argb: 'FF999999' } };
const border = { top: thin, left: thin, bottom: thin, right: thin };

function addSheet(wb, rnd, lang, n, seedPhrasings, idPrefix) {
  const jaSheet = lang === 'ja';
  const ws = wb.addWorksheet(jaSheet ? 'セキュリティチェックシート' : 'Security Questionnaire', { views: [{ state: 'frozen', ySplit: 4 }] });
  ws.columns = [{ width: 8 }, { width: 18 }, { width: 70 }, { width: 10 }, { width: 50 }];
  ws.mergeCells('A1:E1');
  ws.getCell('A1').value = jaSheet ? 'クラウドサービス利用に関するセキュリティチェックシート' : 'Vendor Security Questionnaire';
  ws.getCell('A1').font = { bold: true, size: 14 };
  ws.getCell('A2').value = jaSheet ? '回答欄はプルダウン（○／×／△／－）から選択してください。' : 'Answer each question with Yes, No, Partial or N/A.';
  const header = ws.getRow(4);
  header.values = jaSheet ? ['No.', '分類', '確認項目', '回答', '備考'] : ['ID', 'Category', 'Question', 'Response', 'Comments'];
  header.font = { bold: true };
  const questions = sheetQuestions(rnd, lang, n, seedPhrasings);
  let r = 5;
  let q = 0;
  while (q < n) {
    // a category spans 5–40 rows, its cell merged over them
    const span = Math.min(n - q, 5 + Math.floor(rnd() * 36));
    const cat = CATEGORIES[Math.floor(rnd() * CATEGORIES.length)][jaSheet ? 0 : 1];
    for (let k = 0; k < span; k++, q++) {
      const row = ws.getRow(r + k);
      row.values = [`${idPrefix}${q + 1}`, k === 0 ? cat : null, questions[q], null, null];
      row.getCell(3).alignment = { wrapText: true, vertical: 'top' };
      row.getCell(3).border = border;
    }
    if (span > 1) ws.mergeCells(r, 2, r + span - 1, 2);
    r += span;
  }
  ws.dataValidations.add(`D5:D${r - 1}`, {
    type: 'list',
    allowBlank: true,
    formulae: [jaSheet ? '"○,×,△,－"' : '"Yes,No,Partial,N/A"'],
  });
  return questions;
}

/** Write a check sheet of `rows` question rows (about 60 % Japanese, 40 % English). */
export async function writeSheet(path, rows, seed, seedPhrasings) {
  const rnd = prng(seed);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'kotae bench';
  const jaRows = Math.round(rows * 0.6);
  const qs = [...addSheet(wb, rnd, 'ja', jaRows, seedPhrasings, 'J-'), ...addSheet(wb, rnd, 'en', rows - jaRows, seedPhrasings, 'E-')];
  await wb.xlsx.writeFile(path, { useSharedStrings: true });
  return { rows, distinct: new Set(qs).size };
}
