import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { compileEngine, createEngine, parseLexicon, type Lexicon, type LexiconSource } from 'qinglang';
import { isAppError } from '../../src/lib/index.js';
import {
  changeTenantLexicon,
  createTenant,
  loadDefaultLexiconSources,
  migrateToLatest,
  openStore,
  type Store,
} from '../../src/store/index.js';
import { createLogger } from '../../src/server/index.js';
import { createEngineRegistry } from '../../src/server/engine-registry.js';
import { createModerationPool } from '../../src/server/moderation-pool.js';
import { CHUNK_ENTRIES, createLexiconCompiler, type LexiconCompiler } from '../../src/server/lexicon-compiler.js';
import { describeEachDialect, type FreshDatabase } from './dialects.js';

const log = createLogger('silent');
const TEXTS = ['想賭＊博的私聊我', '星河兑换券稳赚', '月光宝盒来一个', '加我V信聊聊', '今天放学以后一起写作业'];

test('the lexicon compiler: what its worker compiles judges as a compile on this thread does', async () => {
  const defaultSources = await loadDefaultLexiconSources();
  // Stopped as soon as it is idle: every compile below after the first starts a fresh worker.
  const errors: unknown[] = [];
  const compiler = createLexiconCompiler({
    defaultSources,
    defaults: parseLexicon(defaultSources),
    log: Object.assign(Object.create(log) as typeof log, { error: (...args: unknown[]) => errors.push(args) }),
    idleMs: 0,
  });
  try {
    const sources: LexiconSource[] = [
      { name: 'a', text: '@category gambling\n星河兑换券 high\n' },
      { name: 'b', text: '@category sexual\n月光宝盒 high\n!赌博\n' },
      // More own entries than one message holds: they come in chunks.
      {
        name: 'c',
        text: `@category gambling\n${Array.from({ length: CHUNK_ENTRIES * 2 + 500 }, (_, i) => `筹码${i}号`).join('\n')}\n~筹码1号机\n`,
      },
    ];
    // Two in turn: the first one's transferred buffers must not have been tables the worker needs again.
    for (const source of sources) {
      const { compiled } = await compiler.compile(source);
      const lexicon = parseLexicon([...defaultSources, source]);
      assert.deepEqual(compiled.lexicon, lexicon, 'the default entries sent by index are the ones parsed here');
      const engine = createEngine(compiled);
      const here = compileEngine(lexicon);
      for (const text of TEXTS) assert.deepEqual(engine.moderate(text), here.moderate(text), `${source.name}: ${text}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.deepEqual(errors, [], 'a worker stopped for being idle is no failure');
    await assert.rejects(
      compiler.compile({ name: 'bad', text: '@category gambling\n***\n' }),
      (error: unknown) => isAppError(error) && error.code === 'lexicon_invalid' && error.details[0]?.line === 2,
    );
    await assert.rejects(
      compiler.compile({ name: 'bad', text: 'nocategory\n' }),
      (error: unknown) => isAppError(error) && error.code === 'lexicon_invalid',
    );
  } finally {
    await compiler.close();
  }
});

test('the moderation pool builds a tenant engine over what the lexicon compiler made, without compiling it again', async () => {
  const defaultSources = await loadDefaultLexiconSources();
  const compiler = createLexiconCompiler({ defaultSources, defaults: parseLexicon(defaultSources), log });
  const pool = createModerationPool({ size: 1, defaultSources, log });
  try {
    const source: LexiconSource = { name: 'tenant', text: '@category gambling\n星河兑换券 high\n' };
    const { wire } = await compiler.compile(source);
    const items = TEXTS.map((text) => ({ text, options: {} }));
    // The job names a source without the term: only an engine built over `wire` finds it.
    const bare: LexiconSource = { name: 'tenant', text: '@category gambling\n月光宝盒 high\n' };
    const verdicts = await pool.moderate({ id: 'acme', version: 2, source: bare, wire }, items);
    const here = compileEngine(parseLexicon([...defaultSources, source]));
    assert.deepEqual(
      verdicts,
      items.map((item) => here.moderate(item.text)),
    );
    assert.ok(verdicts.some((v) => v.matches.some((m) => m.term === '星河兑换券')));
    // The next job of the version comes without the tables and finds the engine built.
    const again = await pool.moderate({ id: 'acme', version: 2, source: bare, wire }, items);
    assert.deepEqual(again, verdicts);
  } finally {
    await pool.close();
    await compiler.close();
  }
});

/**
 * A compiler whose compiles wait until the test lets them go (each release frees the compiles started before it),
 * counting them: what serves meanwhile is observable.
 */
function heldCompiler(inner: LexiconCompiler): LexiconCompiler & { release(): void; readonly started: number } {
  let gate!: () => void;
  let opened = new Promise<void>((resolve) => (gate = resolve));
  let started = 0;
  return {
    get started() {
      return started;
    },
    release() {
      gate();
      opened = new Promise<void>((resolve) => (gate = resolve));
    },
    async compile(source) {
      started++;
      // The gate open now is the one this compile waits for, even if the test releases it before the worker is done.
      const gateOfThisCompile = opened;
      const compiled = await inner.compile(source);
      await gateOfThisCompile;
      return compiled;
    },
    close: () => inner.close(),
  };
}

describeEachDialect('tenant engines compiled off the event loop', (dialect) => {
  let database: FreshDatabase;
  let store: Store;
  let defaultSources: readonly LexiconSource[];
  let defaults: Lexicon;
  before(async () => {
    database = dialect.fresh();
    store = await openStore({ databaseUrl: database.databaseUrl, databaseSchema: database.databaseSchema });
    await migrateToLatest(store.db);
    defaultSources = await loadDefaultLexiconSources();
    defaults = parseLexicon(defaultSources);
  });
  after(async () => {
    await store?.close();
    await database?.drop();
  });

  const add = (tenantId: string, term: string) =>
    changeTenantLexicon(
      store.db,
      tenantId,
      { add: [{ term, category: 'gambling', severity: 'high' }] },
      defaultSources,
      Date.now(),
    );
  const finds = (verdict: { matches: readonly { term: string }[] }, term: string): boolean =>
    verdict.matches.some((m) => m.term === term);

  test('the previous engine serves until the new one is ready, then one swap', async () => {
    await createTenant(store.db, { id: 'held' }, Date.now());
    const compiler = heldCompiler(createLexiconCompiler({ defaultSources, defaults, log }));
    const swaps: number[] = [];
    const registry = createEngineRegistry({
      db: store.db,
      defaultSources,
      log,
      compiler,
      onSwap: (_tenant, version) => swaps.push(version),
    });
    try {
      await add('held', '星河兑换券');
      const refreshed = registry.refresh('held');
      while (compiler.started === 0) await new Promise((resolve) => setImmediate(resolve));
      // Compiling: the event loop answers, with the default engine.
      const meanwhile = registry.forTenant('held');
      assert.equal(meanwhile.version, 0);
      assert.equal(finds(meanwhile.engine.moderate('星河兑换券稳赚'), '星河兑换券'), false);
      compiler.release();
      const serving = await refreshed;
      assert.equal(serving.version, 1);
      assert.deepEqual(swaps, [1]);
      assert.equal(registry.forTenant('held'), serving);
      assert.ok(finds(serving.engine.moderate('星河兑换券稳赚'), '星河兑换券'));
    } finally {
      await registry.close();
      await compiler.close();
    }
  });

  test('changes made while one compiles end in the newest version, without compiling every one', async () => {
    await createTenant(store.db, { id: 'busy' }, Date.now());
    const compiler = heldCompiler(createLexiconCompiler({ defaultSources, defaults, log }));
    const registry = createEngineRegistry({ db: store.db, defaultSources, log, compiler });
    try {
      const terms = ['星河兑换券', '月光宝盒', '云端筹码', '银河点卡'];
      await add('busy', terms[0]!);
      const refreshes = [registry.refresh('busy')];
      while (compiler.started === 0) await new Promise((resolve) => setImmediate(resolve));
      // Three more changes while version 1 compiles; each asks for a refresh, as the API does.
      for (const term of terms.slice(1)) {
        await add('busy', term);
        refreshes.push(registry.refresh('busy'));
      }
      compiler.release();
      const first = await refreshes[0]!;
      assert.equal(first.version, 1);
      while (compiler.started < 2) await new Promise((resolve) => setImmediate(resolve));
      compiler.release();
      const rest = await Promise.all(refreshes.slice(1));
      assert.deepEqual(
        rest.map((r) => r.version),
        [4, 4, 4],
      );
      assert.equal(compiler.started, 2, 'the three waiting refreshes were one compile of the newest version');
      const serving = registry.forTenant('busy');
      assert.equal(serving.version, 4);
      for (const term of terms) assert.ok(finds(serving.engine.moderate(`${term}稳赚`), term), term);
    } finally {
      await registry.close();
      await compiler.close();
    }
  });
});
