#!/usr/bin/env node
/**
 * Zip bombs against the real CLI: peak memory and wall time of `kotae answer bomb.xlsx`.
 *
 *   node scripts/hostile-zip-bomb-memory.mjs            # all variants
 *   node scripts/hostile-zip-bomb-memory.mjs lying      # one of: lying, honest, near-cap, many-parts
 *
 * Variants (each a ~1.5 MB .xlsx whose worksheet inflates to ~1.5 GB of <row> XML, unless said):
 *   lying      whitespace, the zip header declares a small size, so the reader must stop inflating at the cap
 *   lying-rows the same with repeated <row> XML (compresses less well: a ~4 MB file)
 *   honest     the header declares the real size: refused before inflating anything
 *   near-cap   a worksheet just under the per-part cap (~95 MiB of tiny rows): parsed, then refused by the row limit
 *   many-parts four worksheets of ~95 MiB each: the total cap stops it
 *   huge-cells four worksheets of one ~95 MiB cell each (non-ASCII: two bytes per character in memory)
 *
 * Built streaming (zlib deflate over a repeated pattern), so the script itself stays small in memory.
 * Needs /usr/bin/time (apt-get install -y time). Not a test: it prints numbers for a person to read.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { crc32, createDeflateRaw, constants } from 'node:zlib';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'kotae.js');
const MiB = 1024 * 1024;

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const ROW = '<row><c t="inlineStr"><is><t>x</t></is></c></row>';

/** Deflate `head + pattern × n + tail` streaming; returns { data, size, crc }. */
async function deflateRepeated(head, pattern, totalBytes, tail) {
  const deflate = createDeflateRaw({ level: 9, memLevel: 9, strategy: constants.Z_DEFAULT_STRATEGY });
  const out = [];
  deflate.on('data', (c) => out.push(c));
  const done = new Promise((res, rej) => {
    deflate.on('end', res);
    deflate.on('error', rej);
  });
  const chunk = Buffer.from(pattern.repeat(Math.floor((4 * MiB) / pattern.length)));
  let crc = 0;
  let size = 0;
  const write = async (buf) => {
    crc = crc32(buf, crc);
    size += buf.length;
    if (!deflate.write(buf)) await new Promise((r) => deflate.once('drain', r));
  };
  await write(Buffer.from(head));
  while (size + chunk.length < totalBytes) await write(chunk);
  await write(Buffer.from(tail));
  deflate.end();
  await done;
  return { data: Buffer.concat(out), size, crc };
}

function deflated(text) {
  return deflateRepeated(text, ' ', 0, '');
}

/** A zip from entries { name, data (raw deflate), size, crc, declared? }. */
function writeZip(path, entries) {
  const ws = createWriteStream(path);
  const central = [];
  let off = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const declared = e.declared ?? e.size;
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(8, 8);
    lh.writeUInt32LE(e.crc, 14);
    lh.writeUInt32LE(e.data.length, 18);
    lh.writeUInt32LE(declared, 22);
    lh.writeUInt16LE(name.length, 26);
    ws.write(lh);
    ws.write(name);
    ws.write(e.data);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(20, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(8, 10);
    ch.writeUInt32LE(e.crc, 16);
    ch.writeUInt32LE(e.data.length, 20);
    ch.writeUInt32LE(declared, 24);
    ch.writeUInt16LE(name.length, 28);
    ch.writeUInt32LE(off, 42);
    central.push(ch, name);
    off += 30 + name.length + e.data.length;
  }
  const cd = Buffer.concat(central);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(off, 16);
  ws.write(cd);
  ws.write(eocd);
  return new Promise((res) => ws.end(res));
}

async function skeleton(nSheets) {
  const rels = Array.from(
    { length: nSheets },
    (_, i) =>
      `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
  ).join('');
  const sheets = Array.from({ length: nSheets }, (_, i) => `<sheet name="Sheet${i + 1}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('');
  const parts = {
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>',
    '_rels/.rels':
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8"?><workbook ${NS}><sheets>${sheets}</sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels}</Relationships>`,
  };
  const out = [];
  for (const [name, text] of Object.entries(parts)) out.push({ name, ...(await deflated(text)) });
  return out;
}

async function sheetBomb(bytes) {
  return deflateRepeated(`<?xml version="1.0" encoding="UTF-8"?><worksheet ${NS}><sheetData>`, ROW, bytes, '</sheetData></worksheet>');
}

/** Whitespace between elements is valid XML and deflates best (~1030:1, like zeros). */
async function spaceBomb(bytes) {
  return deflateRepeated(`<?xml version="1.0" encoding="UTF-8"?><worksheet ${NS}><sheetData>`, ' '.repeat(1024), bytes, '</sheetData></worksheet>');
}

const VARIANTS = {
  async lying(path) {
    const bomb = await spaceBomb(1500 * 1000 * 1000);
    await writeZip(path, [...(await skeleton(1)), { name: 'xl/worksheets/sheet1.xml', ...bomb, declared: 100_000 }]);
    return `worksheet inflates to ${(bomb.size / 1e9).toFixed(2)} GB of whitespace, header says 100 kB`;
  },
  async 'lying-rows'(path) {
    const bomb = await sheetBomb(1500 * 1000 * 1000);
    await writeZip(path, [...(await skeleton(1)), { name: 'xl/worksheets/sheet1.xml', ...bomb, declared: 100_000 }]);
    return `worksheet inflates to ${(bomb.size / 1e9).toFixed(2)} GB, header says 100 kB`;
  },
  async honest(path) {
    const bomb = await spaceBomb(1500 * 1000 * 1000);
    await writeZip(path, [...(await skeleton(1)), { name: 'xl/worksheets/sheet1.xml', ...bomb }]);
    return `worksheet inflates to ${(bomb.size / 1e9).toFixed(2)} GB, header says so`;
  },
  async 'near-cap'(path) {
    const bomb = await sheetBomb(95 * MiB);
    await writeZip(path, [...(await skeleton(1)), { name: 'xl/worksheets/sheet1.xml', ...bomb }]);
    return `worksheet of ${(bomb.size / MiB).toFixed(0)} MiB (${Math.round(bomb.size / ROW.length).toLocaleString('en-US')} rows)`;
  },
  async 'many-parts'(path) {
    const bomb = await sheetBomb(95 * MiB);
    const sheets = [1, 2, 3, 4].map((i) => ({ name: `xl/worksheets/sheet${i}.xml`, ...bomb }));
    await writeZip(path, [...(await skeleton(4)), ...sheets]);
    return `4 worksheets of ${(bomb.size / MiB).toFixed(0)} MiB each`;
  },
  async 'huge-cells'(path) {
    // one row, one cell of ~95 MiB text with a non-ASCII character (two-byte string in V8), per sheet
    const cell = await deflateRepeated(
      `<?xml version="1.0" encoding="UTF-8"?><worksheet ${NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>é`,
      'x'.repeat(1024),
      95 * MiB,
      '</t></is></c></row></sheetData></worksheet>',
    );
    const sheets = [1, 2, 3, 4].map((i) => ({ name: `xl/worksheets/sheet${i}.xml`, ...cell }));
    await writeZip(path, [...(await skeleton(4)), ...sheets]);
    return `4 worksheets, each one cell of ${(cell.size / MiB).toFixed(0)} MiB`;
  },
  async 'many-cells'(path) {
    // just under the cell limit: ~1.9 million cells of 20 characters, one non-ASCII character first
    const rowXml = '<row><c t="inlineStr"><is><t>question text xx</t></is></c><c t="inlineStr"><is><t>another cell xxxx</t></is></c></row>';
    const n = 950_000;
    const sheets = [];
    for (let i = 0; i < 5; i++) {
      const part = await deflateRepeated(
        `<?xml version="1.0" encoding="UTF-8"?><worksheet ${NS}><sheetData><row><c t="inlineStr"><is><t>é</t></is></c></row>`,
        rowXml,
        Math.floor((n / 5) * rowXml.length),
        '</sheetData></worksheet>',
      );
      sheets.push({ name: `xl/worksheets/sheet${i + 1}.xml`, ...part });
    }
    await writeZip(path, [...(await skeleton(5)), ...sheets]);
    return `5 worksheets of ${(sheets[0].size / MiB).toFixed(0)} MiB, ${n * 2 + 5} cells in all`;
  },
  async 'two-huge-cells'(path) {
    // as huge-cells, but two sheets: within every zip cap, so the whole pipeline runs on 92 MiB cells
    const cell = await deflateRepeated(
      `<?xml version="1.0" encoding="UTF-8"?><worksheet ${NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>回答</t></is></c><c r="B1" t="inlineStr"><is><t>é`,
      'x'.repeat(1024),
      95 * MiB,
      '</t></is></c></row></sheetData></worksheet>',
    );
    const sheets = [1, 2].map((i) => ({ name: `xl/worksheets/sheet${i}.xml`, ...cell }));
    await writeZip(path, [...(await skeleton(2)), ...sheets]);
    return `2 worksheets, each one cell of ${(cell.size / MiB).toFixed(0)} MiB`;
  },
};

function measure(file) {
  const r = spawnSync('/usr/bin/time', ['-v', process.execPath, BIN, 'answer', file], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1];
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)/.exec(r.stderr)?.[1];
  const error = r.stderr.split('\n').find((l) => l.startsWith('error:')) ?? '(no error line)';
  return { status: r.status, rssMB: rss ? Number(rss) / 1024 : NaN, wall, error };
}

if (!existsSync('/usr/bin/time')) {
  console.error('needs /usr/bin/time: apt-get install -y time');
  process.exit(2);
}
const wanted = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(VARIANTS);
const dir = mkdtempSync(join(tmpdir(), 'kotae-bomb-'));
try {
  for (const name of wanted) {
    const build = VARIANTS[name];
    if (!build) throw new Error(`unknown variant ${name}; one of ${Object.keys(VARIANTS).join(', ')}`);
    const file = join(dir, `${name}.xlsx`);
    const what = await build(file);
    const m = measure(file);
    console.log(`${name}: ${(statSync(file).size / MiB).toFixed(2)} MiB file, ${what}`);
    console.log(`  exit ${m.status}, wall ${m.wall}, peak RSS ${m.rssMB.toFixed(0)} MB`);
    console.log(`  ${m.error}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
