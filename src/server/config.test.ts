import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isAppError } from '../lib/index.js';
import { DEFAULT_MODEL_FILE } from '../store/index.js';
import { loadConfig } from './config.js';

test('an empty environment gives the documented defaults', () => {
  const config = loadConfig({});
  assert.equal(config.port, 3000);
  assert.equal(config.host, '127.0.0.1');
  assert.equal(config.publicUrl, 'http://127.0.0.1:3000');
  assert.equal(config.databaseUrl, 'sqlite:./qinglang.db');
  assert.equal(config.retentionDays, 30);
  assert.equal(config.rateLimitPerSecond, 100);
  assert.equal(config.logLevel, 'info');
});

test('values are read and PUBLIC_URL loses its trailing slash', () => {
  const config = loadConfig({
    PORT: '8080',
    HOST: '0.0.0.0',
    PUBLIC_URL: 'https://mod.example.cn/',
    DATABASE_URL: 'postgres://u@db:5432/q',
    DATABASE_SCHEMA: 'tenant_a',
    RETENTION_DAYS: '7',
  });
  assert.equal(config.port, 8080);
  assert.equal(config.publicUrl, 'https://mod.example.cn');
  assert.equal(config.databaseSchema, 'tenant_a');
  assert.equal(config.retentionDays, 7);
  assert.equal(loadConfig({ HOST: '0.0.0.0' }).publicUrl, 'http://localhost:3000');
});

test('every bad value is reported at once, by variable name', () => {
  const cases: Record<string, string> = {
    PORT: '80a',
    LOG_LEVEL: 'loud',
    DATABASE_URL: 'mysql://x',
    DATABASE_SCHEMA: 'Bad-Name',
    PUBLIC_URL: 'ftp://x',
    RETENTION_DAYS: '0',
    RATE_LIMIT_PER_SECOND: '-5',
    REDIS_URL: 'http://127.0.0.1:6379',
  };
  try {
    loadConfig(cases);
    assert.fail('loadConfig accepted bad values');
  } catch (error) {
    assert.ok(isAppError(error));
    assert.equal(error.code, 'config_invalid');
    assert.deepEqual(error.details.map((d) => d.path).sort(), Object.keys(cases).sort());
    assert.match(error.message, /PORT/);
  }
});

test('MODEL_FILE: the shipped model by default, a path as given, none turns the model stage off', () => {
  assert.equal(loadConfig({}).modelFile, DEFAULT_MODEL_FILE);
  assert.equal(loadConfig({ MODEL_FILE: '' }).modelFile, DEFAULT_MODEL_FILE, 'empty means the default');
  assert.equal(loadConfig({ MODEL_FILE: '/srv/models/v2.model' }).modelFile, '/srv/models/v2.model');
  assert.equal(loadConfig({ MODEL_FILE: 'none' }).modelFile, undefined);
});

test('REDIS_URL: unset by default, a redis:// or rediss:// URL as given', () => {
  assert.equal(loadConfig({}).redisUrl, undefined);
  assert.equal(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379/2' }).redisUrl, 'redis://127.0.0.1:6379/2');
  assert.equal(loadConfig({ REDIS_URL: 'rediss://:pw@cache:6380' }).redisUrl, 'rediss://:pw@cache:6380');
  assert.throws(() => loadConfig({ REDIS_URL: 'redis://' }), /REDIS_URL/);
});
