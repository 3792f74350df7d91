/**
 * Just enough of the Compound File Binary format (OLE2) to tell a legacy .xls from an
 * Office-encrypted .xlsx: list the names in the directory.
 */
const FREE = 0xffffffff;
const END_OF_CHAIN = 0xfffffffe;
const MAX_SECTORS = 1 << 20;

export const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

export function isCfb(b: Uint8Array): boolean {
  if (b.length < 8) return false;
  for (let i = 0; i < 8; i++) if (b[i] !== CFB_MAGIC[i]) return false;
  return true;
}

/** Names of all storages and streams in the directory; null when the structure is unreadable. */
export function cfbDirectoryNames(b: Uint8Array): string[] | null {
  if (b.length < 512) return null;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const shift = dv.getUint16(0x1e, true);
  if (shift !== 9 && shift !== 12) return null;
  const sectorSize = 1 << shift;
  const sectorAt = (sid: number): number => (sid + 1) * sectorSize;
  const nSectors = Math.floor((b.length - sectorSize) / sectorSize) + 1;
  const u32 = (off: number): number => (off + 4 <= b.length ? dv.getUint32(off, true) : END_OF_CHAIN);

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
  const nextSector = (sid: number): number => {
    const perFat = sectorSize / 4;
    const fatSid = fatSids[Math.floor(sid / perFat)];
    if (fatSid === undefined) return END_OF_CHAIN;
    return u32(sectorAt(fatSid) + (sid % perFat) * 4);
  };

  const names: string[] = [];
  let sid = u32(0x30);
  const seen = new Set<number>();
  while (sid !== END_OF_CHAIN && sid < nSectors && !seen.has(sid) && seen.size < MAX_SECTORS) {
    seen.add(sid);
    const base = sectorAt(sid);
    for (let e = 0; e + 128 <= sectorSize && base + e + 128 <= b.length; e += 128) {
      const off = base + e;
      const nameLen = dv.getUint16(off + 0x40, true);
      const type = b[off + 0x42];
      if ((type === 1 || type === 2 || type === 5) && nameLen >= 2 && nameLen <= 64) {
        let s = '';
        for (let k = 0; k < nameLen / 2 - 1; k++) s += String.fromCharCode(dv.getUint16(off + k * 2, true));
        names.push(s);
      }
    }
    sid = nextSector(sid);
  }
  return names.length > 0 ? names : null;
}
