/**
 * Password-protected workbooks: an OLE container holding `EncryptionInfo` and `EncryptedPackage`
 * (ECMA-376 agile or standard encryption, what Excel's "Encrypt with Password" writes).
 * Decryption and encryption are done by `officecrypto-tool` (pure JavaScript, node:crypto, no
 * network); this module checks the container before handing it over, so that a hostile file
 * cannot make the key derivation spin for hours, and turns the library's errors into KotaeErrors.
 */
import { createRequire } from 'node:module';
import { KotaeError } from '../domain/errors.js';
import { MAX_PASSWORD_LENGTH, MAX_SPIN_COUNT } from '../domain/limits.js';
import { cfbDirectoryNames, cfbReadStream, isCfb } from './cfb.js';
import { decodePart, getAttr } from './xml.js';

type OfficeCrypto = typeof import('officecrypto-tool');
let officeCryptoModule: OfficeCrypto | undefined;

/** officecrypto-tool, loaded on first use: most workbooks are not protected (it takes ~40 ms to load). */
function officeCrypto(): OfficeCrypto {
  officeCryptoModule ??= createRequire(import.meta.url)('officecrypto-tool') as OfficeCrypto;
  return officeCryptoModule;
}

/** Is this an Office-encrypted package (an OLE file with EncryptionInfo / EncryptedPackage)? */
export function isEncryptedWorkbook(bytes: Uint8Array): boolean {
  if (!isCfb(bytes)) return false;
  const names = cfbDirectoryNames(bytes);
  return Boolean(names?.some((n) => n === 'EncryptionInfo' || n === 'EncryptedPackage'));
}

function cannotDecrypt(detail: string): KotaeError {
  return new KotaeError(
    'ENCRYPTED',
    `the password-protected workbook cannot be decrypted (${detail})`,
    'open it in Excel with the password and save an unprotected copy (File > Info > Protect Workbook > Encrypt with Password, clear it)',
  );
}

function badPassword(): KotaeError {
  return new KotaeError(
    'BAD_PASSWORD',
    'the password does not open this workbook',
    'check the password the customer sent (it is case-sensitive); pass it with --password or the KOTAE_PASSWORD environment variable',
  );
}

/** The encryption scheme, checked before any key derivation. */
export function encryptionScheme(bytes: Uint8Array): 'agile' | 'standard' {
  const info = cfbReadStream(bytes, 'EncryptionInfo', 64 * 1024);
  if (!info || info.length < 8) throw cannotDecrypt('its EncryptionInfo stream is missing or damaged');
  const major = info[0]! | (info[1]! << 8);
  const minor = info[2]! | (info[3]! << 8);
  if (major === 4 && minor === 4) {
    const xml = decodePart(info.subarray(8));
    if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw cannotDecrypt('its EncryptionInfo carries a DTD');
    const spins = [...xml.matchAll(/<[\w:]*encryptedKey\b([^>]*)>/g)].map((m) => Number(getAttr(m[1] ?? '', 'spinCount')));
    if (spins.length === 0) throw cannotDecrypt('no password key in its EncryptionInfo; it may be protected with a certificate');
    if (spins.some((n) => !Number.isInteger(n) || n < 0 || n > MAX_SPIN_COUNT)) {
      throw cannotDecrypt(`an unusual key-derivation setting (spinCount above ${MAX_SPIN_COUNT.toLocaleString('en-US')})`);
    }
    return 'agile';
  }
  if ((major === 3 || major === 4) && minor === 2) return 'standard';
  throw cannotDecrypt(`encryption version ${major}.${minor} is not supported; only Office 2007 and later encryption is`);
}

/** Decrypt an encrypted workbook to the bytes of its .xlsx package. Wrong password → BAD_PASSWORD. */
export async function decryptWorkbook(bytes: Uint8Array, password: string): Promise<Uint8Array> {
  if (password.length === 0 || password.length > MAX_PASSWORD_LENGTH) throw badPassword();
  encryptionScheme(bytes);
  let out: Buffer;
  try {
    out = await officeCrypto().decrypt(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { password });
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (/password is incorrect/i.test(msg)) {
      // the library says so too when the password is right but the content is not a zip
      const inner = await agileContentDespiteError(bytes, password);
      if (inner) throw notAWorkbookInside(inner);
      throw badPassword();
    }
    throw cannotDecrypt(msg.split('\n')[0]!.slice(0, 200));
  }
  const plain = new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  if (!(plain[0] === 0x50 && plain[1] === 0x4b)) throw notAWorkbookInside(plain);
  return plain;
}

/**
 * For agile encryption, officecrypto-tool reports a right password whose content is not a zip as
 * "The password is incorrect". Decrypt again, keeping what the package decrypts to: it is only
 * reached once the password has been verified, so content here means the password was right.
 */
async function agileContentDespiteError(bytes: Uint8Array, password: string): Promise<Uint8Array | undefined> {
  const info = cfbReadStream(bytes, 'EncryptionInfo', 64 * 1024);
  const pkg = cfbReadStream(bytes, 'EncryptedPackage', bytes.length);
  if (!info || !pkg) return undefined;
  type Agile = { decrypt(data: unknown, password: string): Promise<Buffer>; cryptPackage(...args: unknown[]): Buffer };
  let agile: Agile;
  try {
    agile = createRequire(import.meta.url)('officecrypto-tool/src/crypto/ecma376_agile.js') as Agile;
  } catch {
    return undefined;
  }
  let content: Buffer | undefined;
  const watching = Object.assign(Object.create(agile) as Agile, {
    cryptPackage(...args: unknown[]): Buffer {
      content = agile.cryptPackage.apply(this, args);
      return content;
    },
  });
  try {
    const out = await watching.decrypt({ encryptionInfoBuffer: Buffer.from(info), encryptedPackageBuffer: Buffer.from(pkg) }, password);
    content = out;
  } catch {
    /* content, when set, is what the right password decrypted */
  }
  return content ? new Uint8Array(content.buffer, content.byteOffset, content.byteLength) : undefined;
}

/** The password was right, but what it protects is not an .xlsx package: say what it is. */
function notAWorkbookInside(inner: Uint8Array): KotaeError {
  let what: string;
  let hint = 'ask the sender for the .xlsx check sheet (File > Save As > Excel Workbook, then protect it with the password)';
  if (inner.length === 0) what = 'it is empty';
  else if (isCfb(inner)) {
    const names = cfbDirectoryNames(inner) ?? [];
    if (names.some((n) => n === 'EncryptionInfo' || n === 'EncryptedPackage')) {
      what = 'it is password-protected again (encrypted twice)';
      hint = 'open it in Excel with both passwords and save a copy protected once, or ask the sender to';
    } else if (names.some((n) => n === 'Workbook' || n === 'Book')) what = 'it is a legacy Excel 97-2003 workbook (.xls)';
    else what = 'it is an old-style Office document (OLE), not a workbook';
  } else {
    const head = new TextDecoder().decode(inner.subarray(0, 512));
    let text = true;
    for (const c of inner.subarray(0, 512)) if (c < 0x09 || (c > 0x0d && c < 0x20 && c !== 0x1b)) text = false;
    what = head.startsWith('%PDF')
      ? 'it looks like a PDF'
      : text
        ? /[,;\t]/.test(head)
          ? 'it looks like CSV/text'
          : 'it looks like a text file'
        : 'it is not a zip package';
  }
  return new KotaeError('NOT_A_WORKBOOK', `the password is right, but the protected content is not an .xlsx workbook (${what})`, hint);
}

/** Encrypt an .xlsx package with a password (ECMA-376 agile, AES-256 / SHA-512, as Excel does). */
export function encryptWorkbook(bytes: Uint8Array, password: string): Uint8Array {
  if (password.length === 0 || password.length > MAX_PASSWORD_LENGTH) {
    throw new KotaeError('BAD_OPTION', `a password must be 1 to ${MAX_PASSWORD_LENGTH} characters`, 'check --password / KOTAE_PASSWORD');
  }
  const out = officeCrypto().encrypt(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { password });
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}
