import { createCipheriv, createDecipheriv, createHmac, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { fileStamp, withFileLock } from '../data-lock/file-mutex.js';
import type { SecretStore, VaultProblem, VaultStatus } from './secret-store.js';
import { MIN_PASSPHRASE_LENGTH, vaultProblem, vaultUnavailable, VaultUnavailableError } from './vault-errors.js';

export const VAULT_FILE_NAME = 'vault.enc.json';

/**
 * Current envelope version; version 1 (scrypt N=2^15) still opens and is rewritten as the current
 * version, with a fresh salt and today's cost, on its next write.
 */
export const VAULT_FORMAT_VERSION = 2;
/** scrypt cost of new files (128 MiB, ~0.3 s): OWASP's minimum for scrypt is N=2^17, r=8, p=1. */
export const VAULT_KDF = { N: 2 ** 17, r: 8, p: 1 } as const;
/**
 * Tests only: a lower scrypt N (a power of two from 1024 up) for the files this process creates and accepts, so
 * a test suite opening hundreds of vaults does not spend 0.3 s of CPU and 128 MiB on each. Never set it in use.
 */
export const VAULT_TEST_KDF_N_ENV = 'CHANNEL_DESK_VAULT_TEST_KDF_N';

const kdfSchema = z.object({
  name: z.literal('scrypt'),
  N: z
    .number()
    .int()
    .min(1024)
    .max(2 ** 20),
  r: z.number().int().min(1).max(32),
  p: z.number().int().min(1).max(16),
  salt: z.string().min(16),
});

/**
 * On-disk envelope. The whole secret map is one AES-256-GCM ciphertext; the header (format, version,
 * kdf parameters and salt) is bound to it as additional authenticated data, and `check` (an HMAC made
 * with a second derived key) tells a wrong passphrase apart from a modified file. Version 2 refuses a
 * cost below VAULT_KDF (open() checks it), so an edited header cannot weaken a current file.
 */
const envelopeSchema = z.object({
  format: z.literal('channel-desk-vault'),
  version: z.union([z.literal(1), z.literal(2)]),
  kdf: kdfSchema,
  check: z.string(),
  iv: z.string(),
  tag: z.string(),
  data: z.string(),
});
type Envelope = z.infer<typeof envelopeSchema>;
type Kdf = Envelope['kdf'];

const secretsSchema = z.record(z.string(), z.string());

const CHECK_LABEL = 'channel-desk-vault passphrase check';

interface Keys {
  readonly enc: Buffer;
  readonly check: Buffer;
}

function deriveKeys(passphrase: string, kdf: Kdf): Promise<Keys> {
  return new Promise((resolve, reject) => {
    // scrypt needs 128·N·r bytes; the limit leaves room above that.
    scrypt(passphrase, Buffer.from(kdf.salt, 'base64'), 64, { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * kdf.N * kdf.r }, (err, key) => {
      if (err) reject(err);
      else resolve({ enc: key.subarray(0, 32), check: createHmac('sha256', key.subarray(32)).update(CHECK_LABEL).digest() });
    });
  });
}

const headerAad = (e: Pick<Envelope, 'format' | 'version' | 'kdf'>): Buffer =>
  Buffer.from(JSON.stringify([e.format, e.version, e.kdf.name, e.kdf.N, e.kdf.r, e.kdf.p, e.kdf.salt]));

class VaultFileError extends Error {
  constructor(readonly problem: VaultProblem) {
    super(problem.message.en);
  }
}

/** Writes via a temporary file and rename, so a crash or full disk never leaves half a vault. */
function writeAtomic(filePath: string, data: string): void {
  const tmp = `${filePath}.tmp-${randomBytes(6).toString('hex')}`;
  try {
    const fd = fs.openSync(tmp, 'wx', 0o600);
    try {
      fs.writeFileSync(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, filePath);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

export interface FileStoreOptions {
  readonly dataDir: string;
  /** From CHANNEL_DESK_VAULT_PASSPHRASE; undefined = refuse to open. */
  readonly passphrase: string | undefined;
  /** scrypt N of new files and the lowest accepted in current ones; VAULT_KDF.N unless a test lowers it. */
  readonly kdfN?: number;
}

/**
 * Opt-in encrypted-file vault for servers without a keychain. Never used unless the admin selects
 * it; without a usable passphrase every call fails with VAULT_UNAVAILABLE instead of degrading.
 */
export function createFileStore(opts: FileStoreOptions): SecretStore {
  const filePath = path.join(opts.dataDir, VAULT_FILE_NAME);
  const passphrase = opts.passphrase;
  const kdfCost = { ...VAULT_KDF, N: opts.kdfN ?? VAULT_KDF.N };
  const newKdf = (): Kdf => ({ name: 'scrypt', ...kdfCost, salt: randomBytes(16).toString('base64') });
  type Opened = { version: number; kdf: Kdf; keys: Keys; secrets: Map<string, string> };
  let opened: Promise<Opened> | undefined;
  /** The file version `opened` was read from: another process (CLI import beside serve) may replace it. */
  let openedVersion: string | null = null;
  /** scrypt is slow on purpose: keys are derived once per header, not on every re-read. */
  const derived = new Map<string, Promise<Keys>>();
  const keysFor = (pass: string, kdf: Kdf): Promise<Keys> => {
    const id = JSON.stringify(kdf);
    let keys = derived.get(id);
    if (!keys) {
      keys = deriveKeys(pass, kdf);
      keys.catch(() => derived.delete(id));
      derived.set(id, keys);
    }
    return keys;
  };
  /** Serialises writers so two concurrent set() calls cannot lose each other's change. */
  let queue: Promise<unknown> = Promise.resolve();

  const open = async (): Promise<Opened> => {
    if (passphrase === undefined || passphrase === '') throw new VaultFileError(vaultProblem('no-passphrase'));
    if (passphrase.length < MIN_PASSPHRASE_LENGTH) throw new VaultFileError(vaultProblem('weak-passphrase'));
    let raw: string;
    openedVersion = fileStamp(filePath);
    try {
      raw = fs.readFileSync(filePath, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new VaultFileError(vaultProblem('file-damaged'));
      const kdf = newKdf();
      return { version: VAULT_FORMAT_VERSION, kdf, keys: await keysFor(passphrase, kdf), secrets: new Map() };
    }
    let envelope: Envelope;
    try {
      envelope = envelopeSchema.parse(JSON.parse(raw));
    } catch {
      throw new VaultFileError(vaultProblem('file-damaged'));
    }
    if (envelope.version !== 1 && (envelope.kdf.N < kdfCost.N || envelope.kdf.r < kdfCost.r)) throw new VaultFileError(vaultProblem('file-damaged'));
    const keys = await keysFor(passphrase, envelope.kdf);
    const check = Buffer.from(envelope.check, 'base64');
    if (check.length !== keys.check.length || !timingSafeEqual(check, keys.check)) {
      throw new VaultFileError(vaultProblem('wrong-passphrase'));
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', keys.enc, Buffer.from(envelope.iv, 'base64'));
      decipher.setAAD(headerAad(envelope));
      decipher.setAuthTag(Buffer.from(envelope.tag, 'base64'));
      const plain = Buffer.concat([decipher.update(Buffer.from(envelope.data, 'base64')), decipher.final()]);
      const secrets = secretsSchema.parse(JSON.parse(plain.toString('utf8')));
      return { version: envelope.version, kdf: envelope.kdf, keys, secrets: new Map(Object.entries(secrets)) };
    } catch {
      throw new VaultFileError(vaultProblem('file-damaged'));
    }
  };

  const state = async () => {
    if (opened && fileStamp(filePath) !== openedVersion) opened = undefined;
    opened ??= open();
    try {
      return await opened;
    } catch (err) {
      // Not cached: the admin may fix the file or the environment and retry.
      opened = undefined;
      if (err instanceof VaultFileError) throw vaultUnavailable(err.problem);
      throw err;
    }
  };

  const persist = (s: Opened, next: Map<string, string>): void => {
    const iv = randomBytes(12);
    const header = { format: 'channel-desk-vault', version: VAULT_FORMAT_VERSION, kdf: s.kdf } as const;
    const cipher = createCipheriv('aes-256-gcm', s.keys.enc, iv);
    cipher.setAAD(headerAad(header));
    const data = Buffer.concat([cipher.update(JSON.stringify(Object.fromEntries(next)), 'utf8'), cipher.final()]);
    const envelope: Envelope = {
      ...header,
      check: s.keys.check.toString('base64'),
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      data: data.toString('base64'),
    };
    try {
      writeAtomic(filePath, JSON.stringify(envelope, null, 2));
    } catch {
      throw vaultUnavailable(vaultProblem('file-unwritable'));
    }
    s.secrets = next;
    openedVersion = fileStamp(filePath);
  };

  const mutate = (change: (m: Map<string, string>) => void): Promise<void> => {
    // Compare-and-swap across processes: re-read the file under its lock, change, write.
    const run = queue.then(() =>
      withFileLock(filePath, async () => {
        const s = await state();
        if (s.version < VAULT_FORMAT_VERSION || s.kdf.N < kdfCost.N) {
          // An older file: rewrite it at today's cost (new salt, new keys) along with this change.
          s.kdf = newKdf();
          s.keys = await keysFor(passphrase!, s.kdf);
          s.version = VAULT_FORMAT_VERSION;
        }
        const next = new Map(s.secrets);
        change(next);
        persist(s, next);
      }),
    );
    queue = run.catch(() => undefined);
    return run;
  };

  return {
    backend: 'encrypted-file',
    async status(): Promise<VaultStatus> {
      const base = { backend: 'encrypted-file' as const, location: filePath };
      try {
        await state();
        return { ...base, available: true };
      } catch (err) {
        const problem = err instanceof VaultUnavailableError ? err.problem : vaultProblem('file-damaged');
        return { ...base, available: false, problem };
      }
    },
    set: (key, value) => mutate((m) => m.set(key, value)),
    delete: (key) => mutate((m) => m.delete(key)),
    async get(key) {
      return (await state()).secrets.get(key) ?? null;
    },
    async has(key) {
      return (await state()).secrets.has(key);
    },
  };
}
