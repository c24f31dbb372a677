import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Outbox, OUTBOX_FILE } from '../delivery/outbox/outbox.js';
import { DIRECTORY_FILE, DirectoryStore } from '../directory/directory-store.js';
import { outboxSql } from '../../../test/outbox-sql.js';

const mode = (p: string) => statSync(p).mode & 0o777;

let root: string;
let oldUmask: number;
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'cd-private-'));
  oldUmask = process.umask(0o022);
});
afterEach(() => {
  process.umask(oldUmask);
  rmSync(root, { recursive: true, force: true });
});

describe.skipIf(process.platform === 'win32')('data folder and outbox permissions', () => {
  it('makes a world-readable data folder 0700 and its outbox files 0600, whoever created them', () => {
    const dataDir = path.join(root, 'data');
    mkdirSync(dataDir, { mode: 0o755 });
    chmodSync(dataDir, 0o755);
    writeFileSync(path.join(dataDir, `${OUTBOX_FILE}-wal`), '');
    chmodSync(path.join(dataDir, `${OUTBOX_FILE}-wal`), 0o644);

    const outbox = Outbox.open(dataDir);
    try {
      outboxSql(outbox, 'CREATE TABLE IF NOT EXISTS perm_probe (x)').run();
      outboxSql(outbox, 'INSERT INTO perm_probe VALUES (1)').run();
      expect(mode(dataDir)).toBe(0o700);
      for (const f of [OUTBOX_FILE, `${OUTBOX_FILE}-wal`, `${OUTBOX_FILE}-shm`]) {
        expect(existsSync(path.join(dataDir, f))).toBe(true);
        expect(mode(path.join(dataDir, f)), f).toBe(0o600);
      }
    } finally {
      outbox.close();
    }
  });

  it('creates a missing data folder as 0700 with a 0600 outbox', () => {
    const dataDir = path.join(root, 'new', 'data');
    Outbox.open(dataDir).close();
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(path.join(dataDir, OUTBOX_FILE))).toBe(0o600);
  });

  it('makes the users directory (names, mobiles, e-mails) and its -wal/-shm 0600', () => {
    const dataDir = path.join(root, 'data');
    mkdirSync(dataDir, { mode: 0o755 });
    writeFileSync(path.join(dataDir, DIRECTORY_FILE), '');
    chmodSync(path.join(dataDir, DIRECTORY_FILE), 0o644);

    const store = DirectoryStore.open(dataDir);
    try {
      store.putMany([{ uid: '1001', name: 'Alice', mobile: '', email: '' }], 'admin');
      expect(mode(dataDir)).toBe(0o700);
      for (const f of [DIRECTORY_FILE, `${DIRECTORY_FILE}-wal`, `${DIRECTORY_FILE}-shm`]) {
        expect(existsSync(path.join(dataDir, f))).toBe(true);
        expect(mode(path.join(dataDir, f)), f).toBe(0o600);
      }
    } finally {
      store.close();
    }
  });
});
