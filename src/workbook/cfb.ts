/**
 * Just enough of the Compound File Binary format (OLE2) to tell a legacy .xls from an
 * Office-encrypted .xlsx: list the names in the directory.
 */
import { MAX_CFB_SECTORS as MAX_SECTORS } from '../domain/limits.js';

const FREE = 0xffffffff;
const END_OF_CHAIN = 0xfffffffe;

const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

export function isCfb(b: Uint8Array): boolean {
  if (b.length < 8) return false;
  for (let i = 0; i < 8; i++) if (b[i] !== CFB_MAGIC[i]) return false;
  return true;
}

interface CfbDirEntry {
  name: string;
  /** 1 storage, 2 stream, 5 root */
  type: number;
  start: number;
  size: number;
}

interface CfbFile {
  entries: CfbDirEntry[];
  /** the sectors of a FAT chain, bounded and loop-safe */
  chain(start: number, maxSectors: number): number[];
  sectorSize: number;
  sectorAt(sid: number): number;
  u32(off: number): number;
  miniFatStart: number;
  miniCutoff: number;
}

/** Parse the header, FAT and directory; null when the structure is unreadable. */
function parseCfb(b: Uint8Array): CfbFile | null {
  if (b.length < 512 || !isCfb(b)) return null;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const shift = dv.getUint16(0x1e, true);
  if (shift !== 9 && shift !== 12) return null;
  const sectorSize = 1 << shift;
  const sectorAt = (sid: number): number => (sid + 1) * sectorSize;
  const nSectors = Math.floor((b.length - sectorSize) / sectorSize) + 1;
  const u32 = (off: number): number => (off >= 0 && off + 4 <= b.length ? dv.getUint32(off, true) : END_OF_CHAIN);

  // FAT sector ids: 109 in the header, then the DIFAT chain.
  const fatSids: number[] = [];
  for (let i = 0; i < 109; i++) {
    const sid = u32(0x4c + i * 4);
    if (sid !== FREE && sid !== END_OF_CHAIN) fatSids.push(sid);
  }
  let difat = u32(0x44);
  let guard = 0;
  const per = sectorSize / 4 - 1;
  while (difat !== END_OF_CHAIN && difat !== FREE && difat < nSectors && guard++ < 1000) {
    const base = sectorAt(difat);
    for (let i = 0; i < per; i++) {
      const sid = u32(base + i * 4);
      if (sid !== FREE && sid !== END_OF_CHAIN) fatSids.push(sid);
    }
    difat = u32(base + per * 4);
  }
  const perFat = sectorSize / 4;
  const nextSector = (sid: number): number => {
    const fatSid = fatSids[Math.floor(sid / perFat)];
    if (fatSid === undefined) return END_OF_CHAIN;
    return u32(sectorAt(fatSid) + (sid % perFat) * 4);
  };
  const chain = (start: number, maxSectors: number): number[] => {
    const out: number[] = [];
    const seen = new Set<number>();
    let sid = start;
    while (sid !== END_OF_CHAIN && sid < nSectors && !seen.has(sid) && out.length < Math.min(maxSectors, MAX_SECTORS)) {
      seen.add(sid);
      out.push(sid);
      sid = nextSector(sid);
    }
    return out;
  };

  const entries: CfbDirEntry[] = [];
  for (const sid of chain(u32(0x30), MAX_SECTORS)) {
    const base = sectorAt(sid);
    for (let e = 0; e + 128 <= sectorSize && base + e + 128 <= b.length; e += 128) {
      const off = base + e;
      const nameLen = dv.getUint16(off + 0x40, true);
      const type = b[off + 0x42] ?? 0;
      if ((type === 1 || type === 2 || type === 5) && nameLen >= 2 && nameLen <= 64) {
        let name = '';
        for (let k = 0; k < nameLen / 2 - 1; k++) name += String.fromCharCode(dv.getUint16(off + k * 2, true));
        // sizes above 4 GiB (high dword) never occur in the streams kotae reads
        entries.push({ name, type, start: dv.getUint32(off + 0x74, true), size: dv.getUint32(off + 0x78, true) });
      }
    }
  }
  return { entries, chain, sectorSize, sectorAt, u32, miniFatStart: u32(0x3c), miniCutoff: u32(0x38) };
}

/** Names of all storages and streams in the directory; null when the structure is unreadable. */
export function cfbDirectoryNames(b: Uint8Array): string[] | null {
  const f = parseCfb(b);
  return f && f.entries.length > 0 ? f.entries.map((e) => e.name) : null;
}

/**
 * The content of a (small) stream by name, e.g. `EncryptionInfo`; null when absent, larger than
 * `maxBytes`, or unreadable. Handles streams in the mini stream (below the 4096-byte cutoff) too.
 */
export function cfbReadStream(b: Uint8Array, name: string, maxBytes = 1024 * 1024): Uint8Array | null {
  const f = parseCfb(b);
  if (!f) return null;
  const entry = f.entries.find((e) => e.type === 2 && e.name === name);
  if (!entry || entry.size > maxBytes) return null;
  const out = new Uint8Array(entry.size);
  const copy = (from: number, n: number, at: number): boolean => {
    if (from < 0 || from + n > b.length) return false;
    out.set(b.subarray(from, from + n), at);
    return true;
  };
  if (entry.size >= (f.miniCutoff || 4096)) {
    const sectors = f.chain(entry.start, Math.ceil(entry.size / f.sectorSize));
    let at = 0;
    for (const sid of sectors) {
      const n = Math.min(f.sectorSize, entry.size - at);
      if (!copy(f.sectorAt(sid), n, at)) return null;
      at += n;
    }
    return at === entry.size ? out : null;
  }
  // mini stream: 64-byte sectors inside the root entry's stream, chained by the mini FAT
  const root = f.entries.find((e) => e.type === 5);
  if (!root) return null;
  const miniStream = f.chain(root.start, Math.ceil(root.size / f.sectorSize) + 1);
  const miniFat = f.chain(f.miniFatStart, MAX_SECTORS);
  const perSector = f.sectorSize / 4;
  const nextMini = (sid: number): number => {
    const fs = miniFat[Math.floor(sid / perSector)];
    return fs === undefined ? END_OF_CHAIN : f.u32(f.sectorAt(fs) + (sid % perSector) * 4);
  };
  const miniOffset = (sid: number): number => {
    const pos = sid * 64;
    const sector = miniStream[Math.floor(pos / f.sectorSize)];
    return sector === undefined ? -1 : f.sectorAt(sector) + (pos % f.sectorSize);
  };
  let at = 0;
  let sid = entry.start;
  const seen = new Set<number>();
  while (at < entry.size) {
    if (sid === END_OF_CHAIN || seen.has(sid)) return null;
    seen.add(sid);
    const n = Math.min(64, entry.size - at);
    if (!copy(miniOffset(sid), n, at)) return null;
    at += n;
    sid = nextMini(sid);
  }
  return out;
}
