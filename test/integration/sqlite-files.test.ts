import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createGuardian, migrateToLatest, openStore } from '../../src/store/index.js';

// The usual umask, so that files made without an explicit mode would be world-readable (0644) and the test can fail.
let umask: number;
let dir: string;
before(() => {
  umask = process.umask(0o022);
  dir = mkdtempSync(join(tmpdir(), 'qinglang-files-'));
});
after(() => {
  process.umask(umask);
  rmSync(dir, { recursive: true, force: true });
});

const mode = (path: string): string => (statSync(path).mode & 0o777).toString(8);

test('the SQLite file, its WAL and SHM are readable by the owner alone, in a directory the service made 0700', async () => {
  const file = join(dir, 'made-by-the-service', 'qinglang.db');
  const store = await openStore({ databaseUrl: `sqlite:${file}` });
  try {
    await migrateToLatest(store.db);
    await createGuardian(store.db, { identifier: '13800000009' }, Date.parse('2026-03-02T02:00:00Z'));
    for (const path of [file, `${file}-wal`, `${file}-shm`]) assert.equal(mode(path), '600', path);
    assert.equal(mode(join(dir, 'made-by-the-service')), '700');
  } finally {
    await store.close();
  }
});

test('a database file left world-readable by an older version is tightened when opened', async () => {
  const file = join(dir, 'old.db');
  writeFileSync(file, '', { mode: 0o644 });
  writeFileSync(`${file}-wal`, '', { mode: 0o644 });
  assert.equal(mode(file), '644');
  const store = await openStore({ databaseUrl: file });
  try {
    await migrateToLatest(store.db);
    assert.equal(mode(file), '600');
    assert.equal(mode(`${file}-wal`), '600');
  } finally {
    await store.close();
  }
});
