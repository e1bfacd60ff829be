import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hashPassword, verifyPassword } from './console-users.js';

test('a password verifies against its own scrypt hash and no other', async () => {
  const hash = await hashPassword('correct horse battery staple');
  assert.match(hash, /^scrypt\$32768\$8\$3\$[\w-]{22}\$[\w-]{43}$/);
  assert.equal(await verifyPassword('correct horse battery staple', hash), true);
  assert.equal(await verifyPassword('correct horse battery stapl', hash), false);
  assert.equal(await verifyPassword('', hash), false);
});

test('the same password hashes differently each time (random salt)', async () => {
  const [a, b] = await Promise.all([hashPassword('same password 123'), hashPassword('same password 123')]);
  assert.notEqual(a, b);
});

test('a malformed or tampered hash never verifies', async () => {
  const hash = await hashPassword('some password 123');
  const parts = hash.split('$');
  const tampered = [...parts.slice(0, 5), `${parts[5]?.startsWith('A') ? 'B' : 'A'}${parts[5]?.slice(1)}`].join('$');
  for (const bad of ['', 'plain', 'bcrypt$1$2$3$a$b', 'scrypt$x$8$1$a$b', tampered]) {
    assert.equal(await verifyPassword('some password 123', bad), false, bad);
  }
});

test('a composed and a decomposed spelling of the same password are the same password', async () => {
  const hash = await hashPassword('密码Café-password');
  assert.equal(await verifyPassword('密码Cafe\u0301-password', hash), true);
});
