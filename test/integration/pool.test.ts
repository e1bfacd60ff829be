import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { ensurePoolRated, seedPool } from '../../src/server/index.js';
import {
  createApiKey,
  createTenant,
  getTenant,
  poolRatedWith,
  setPoolThemesOff,
  updateGuardianSettings,
} from '../../src/store/index.js';
import { testDatabases } from './console-support.js';
import { callApi, guardianWithChild, startPortalServer, type PortalServer } from './guardian-portal-support.js';

type Json = Record<string, unknown>;
type Item = { ref: string; ratings: Record<string, { rating: string; auto: string; reasons: Json[] }> } & Json;

for (const database of testDatabases()) {
  describe(
    `content pool on ${database.name}`,
    { skip: typeof database.env === 'string' ? database.env : false },
    () => {
      let server: PortalServer;
      let pool: string;
      let admin: string;
      let beta: string;
      const api = (method: string, path: string, body?: unknown, key = pool) =>
        callApi(server.url, method, path, { key, ...(body === undefined ? {} : { body }) });
      const code = (res: { body: Json }) => (res.body['error'] as Json | undefined)?.['code'];

      before(async () => {
        server = await startPortalServer(database);
        const db = server.server.deps.store.db;
        const now = server.now();
        pool = (await createApiKey(db, { tenantId: 'acme', scopes: ['pool'], name: 'pool' }, now)).token;
        admin = (await createApiKey(db, { tenantId: 'acme', scopes: ['admin'], name: 'admin' }, now)).token;
        await createTenant(db, { id: 'beta' }, now);
        beta = (await createApiKey(db, { tenantId: 'beta', scopes: ['pool'], name: 'beta pool' }, now)).token;
        const seeded = await seedPool({
          store: server.server.deps.store,
          tenantId: 'acme',
          lexiconDir: undefined,
          model: server.server.deps.engines.defaultEngine.model,
          log: pino({ level: 'silent' }),
          now,
        });
        assert.ok(seeded.items >= 250, `the demo has a few hundred items: ${seeded.items}`);
        assert.ok(seeded.refusedEverywhere >= 15, 'the items written to be refused suit no band');
      });
      after(() => server?.close());

      test('the pool for a band pages through every suitable item once, in a stable order, with theme and kind filters', async () => {
        const refs: string[] = [];
        let cursor: string | null = null;
        do {
          const res = await api('GET', `/v1/pool?band=age_8_12&limit=25${cursor === null ? '' : `&cursor=${cursor}`}`);
          assert.equal(res.status, 200, JSON.stringify(res.body));
          const items = res.body['items'] as Item[];
          assert.ok(items.length <= 25);
          for (const item of items) assert.equal((item['rating'] as Json)['rating'], 'suitable');
          refs.push(...items.map((i) => i.ref));
          cursor = res.body['nextCursor'] as string | null;
        } while (cursor !== null);
        assert.equal(new Set(refs).size, refs.length, 'no item twice');
        assert.deepEqual([...refs].sort(), refs, 'ordered by ref');
        const coverage = await api('GET', '/v1/pool/coverage');
        const band = (coverage.body['bands'] as Json[]).find((b) => b['band'] === 'age_8_12')!;
        assert.equal(refs.length, band['suitable'], 'the pages hold exactly the suitable items coverage counts');
        assert.ok(!refs.some((r) => r.startsWith('demo-refuse-')), 'nothing written to be refused is in the pool');
        assert.ok(!refs.some((r) => r.startsWith('demo-career-')), 'careers are for 16–18');

        const news = await api('GET', '/v1/pool?band=age_8_12&theme=news&kind=article&limit=100');
        const newsItems = news.body['items'] as (Item & { themes: string[]; kind: string })[];
        assert.ok(newsItems.length > 0);
        assert.ok(newsItems.every((i) => i.themes.includes('news') && i.kind === 'article'));
        const young = await api('GET', '/v1/pool?band=age_3_8&theme=news');
        assert.deepEqual(young.body['items'], [], 'news is not in the 3–8 pool');
        const under3 = await api('GET', '/v1/pool?band=under_3&limit=100');
        assert.ok(
          (under3.body['items'] as Item[]).every((i) => i['kind'] === 'audio'),
          'under 3 is audio',
        );
      });

      test('bad queries answer validation_failed with the field', async () => {
        for (const path of [
          '/v1/pool',
          '/v1/pool?band=age_8_12&minorRef=kid',
          '/v1/pool?band=teen',
          '/v1/pool?band=age_8_12&theme=gossip',
          '/v1/pool?band=age_8_12&cursor=%%%',
          '/v1/pool?band=age_8_12&limit=1000',
        ]) {
          const res = await api('GET', path);
          assert.equal(res.status, 400, path);
          assert.equal(code(res), 'validation_failed', path);
        }
        const twice = await api('POST', '/v1/pool/items', {
          items: [
            { ref: 'x-1', title: '一', text: '', kind: 'audio', themes: ['songs_audio'] },
            { ref: 'x-1', title: '二', text: '', kind: 'audio', themes: ['songs_audio'] },
          ],
        });
        assert.equal(code(twice), 'validation_failed');
        assert.deepEqual(
          ((twice.body['error'] as Json)['details'] as Json[]).map((d) => d['path']),
          ['items[1].ref'],
        );
        const doc = await callApi(server.url, 'GET', '/v1/openapi.json');
        const paths = doc.body['paths'] as Record<string, Record<string, Json>>;
        for (const [path, method] of [
          ['/v1/pool', 'get'],
          ['/v1/pool/items', 'post'],
          ['/v1/pool/check', 'post'],
          ['/v1/pool/filter', 'post'],
          ['/v1/pool/coverage', 'get'],
        ] as const)
          assert.ok(paths[path]?.[method], `${method} ${path} is documented`);
        const noTitle = await api('POST', '/v1/pool/items', {
          ref: 'x-2',
          text: '',
          kind: 'audio',
          themes: ['gossip'],
        });
        assert.equal(code(noTitle), 'validation_failed');
        assert.deepEqual(
          ((noTitle.body['error'] as Json)['details'] as Json[]).map((d) => d['path']).sort(),
          ['themes.0', 'title'],
          'each bad field is named',
        );
        const noScope = await api('GET', '/v1/pool?band=age_8_12', undefined, server.youthKey);
        assert.equal(noScope.status, 403);
        assert.equal(code(noScope), 'forbidden');
      });

      test('an item is rated per band from the rules, a reviewer overrides it with a history, and a new version drops the review', async () => {
        const created = await api('POST', '/v1/pool/items', {
          ref: 'news-moon',
          title: '少儿新闻：嫦娥探测器着陆月球',
          text: '探测器在月球背面着陆，拍回了很多照片。',
          kind: 'article',
          themes: ['news'],
          durationSeconds: 180,
        });
        assert.equal(created.status, 201, JSON.stringify(created.body));
        const item = created.body['item'] as Item;
        assert.equal(item.ratings['age_3_8']?.rating, 'unsuitable');
        assert.equal(item.ratings['age_3_8']?.reasons[0]?.['code'], 'theme_older_band');
        assert.match(String(item.ratings['age_3_8']?.reasons[0]?.['source']), /指南/);
        assert.equal(item.ratings['age_8_12']?.rating, 'suitable');
        assert.equal(item['minBand'], 'age_8_12');
        const again = await api('POST', '/v1/pool/items', {
          ref: 'news-moon',
          title: '少儿新闻：嫦娥探测器着陆月球',
          text: '探测器在月球背面着陆，拍回了很多照片。',
          kind: 'article',
          themes: ['news'],
          durationSeconds: 180,
        });
        assert.equal(again.body['outcome'], 'unchanged');

        // 丢手绢: the model reads a children's game as drugs: a person decides.
        const before = await api('GET', '/v1/pool/items/demo-songs-audio-013');
        assert.equal((before.body as Item).ratings['age_8_12']?.rating, 'needs_review');
        const reviewed = await api('POST', '/v1/pool/items/demo-songs-audio-013/review', {
          bands: ['under_3', 'age_3_8', 'age_8_12', 'age_12_16', 'age_16_18'],
          rating: 'suitable',
          note: '传统儿童游戏歌曲，模型误判',
          version: 1,
          reviewer: 'wang',
        });
        assert.equal(reviewed.status, 200, JSON.stringify(reviewed.body));
        const after = reviewed.body as Item;
        assert.equal(after.ratings['age_8_12']?.rating, 'suitable');
        assert.equal(after.ratings['age_8_12']?.auto, 'needs_review', 'what the rules said is kept');
        assert.equal(after.ratings['age_8_12']?.reasons[0]?.['code'], 'reviewer');
        const stale = await api('POST', '/v1/pool/items/demo-songs-audio-013/review', {
          bands: ['age_8_12'],
          rating: 'unsuitable',
          note: 'x',
          version: 7,
        });
        assert.equal(code(stale), 'conflict');
        const noNote = await api('POST', '/v1/pool/items/demo-songs-audio-013/review', {
          bands: ['age_8_12'],
          rating: 'unsuitable',
          note: '',
        });
        assert.equal(code(noNote), 'validation_failed');

        const patched = await api('PATCH', '/v1/pool/items/demo-songs-audio-013', {
          text: '丢丢丢手绢，轻轻地放在小朋友的后面，大家不要告诉他。',
        });
        assert.equal(patched.status, 200, JSON.stringify(patched.body));
        const v2 = patched.body['item'] as Item;
        assert.equal(v2['version'], 2);
        assert.ok(
          Object.values(v2.ratings).every((r) => r.reasons[0]?.['code'] !== 'reviewer'),
          'a review holds for the version it was made on',
        );
        const history = (await api('GET', '/v1/pool/items/demo-songs-audio-013')).body['history'] as Json[];
        assert.deepEqual(
          history.map((e) => e['type']),
          ['updated', 'reviewed', 'registered'],
        );
        const review = history[1]!;
        assert.equal(review['note'], '传统儿童游戏歌曲，模型误判');
        assert.match(String(review['actorId']), /:wang$/);
        assert.deepEqual(
          (review['changes'] as Json[]).map((c) => [c['band'], c['from'], c['to']]),
          [
            ['under_3', 'needs_review', 'suitable'],
            ['age_3_8', 'needs_review', 'suitable'],
            ['age_8_12', 'needs_review', 'suitable'],
            ['age_12_16', 'needs_review', 'suitable'],
            ['age_16_18', 'needs_review', 'suitable'],
          ],
        );

        const withdrawn = await api('POST', '/v1/pool/items/news-moon/withdraw', { reason: '版权到期' });
        assert.equal(withdrawn.body['status'], 'withdrawn');
        const list = await api('GET', '/v1/pool?band=age_8_12&theme=news&limit=100');
        assert.ok(!(list.body['items'] as Item[]).some((i) => i.ref === 'news-moon'), 'withdrawn items leave the pool');
        const missing = await api('POST', '/v1/pool/items/nothing/withdraw', {});
        assert.equal(code(missing), 'not_found');
      });

      test("pool/check and the recommendation filter combine the rating, the guardian's themes and youth mode for a 9-year-old", async () => {
        const put = await callApi(server.url, 'PUT', '/v1/youth/minors/kid-9', {
          body: { band: 'age_8_12' },
          key: server.youthKey,
        });
        assert.ok(put.status === 200 || put.status === 201, JSON.stringify(put.body));
        const check = (itemRef: string) => api('POST', '/v1/pool/check', { minorRef: 'kid-9', itemRef });
        const science = await check('demo-science-001');
        assert.equal(science.status, 200, JSON.stringify(science.body));
        assert.equal(science.body['allowed'], true);
        assert.equal(science.body['band'], 'age_8_12');
        assert.equal((science.body['content'] as Json)['outcome'], 'allow');
        const career = await check('demo-career-001');
        assert.equal(career.body['allowed'], false);
        assert.equal((career.body['refusal'] as Json)['code'], 'rating');
        const refused = await check('demo-refuse-005');
        assert.equal((refused.body['refusal'] as Json)['code'], 'rating');

        await setPoolThemesOff(
          server.server.deps.store.db,
          { tenantId: 'acme', minorRef: 'kid-9', themes: ['science'], guardianId: null },
          server.now(),
        );
        const off = await check('demo-science-001');
        assert.equal((off.body['refusal'] as Json)['code'], 'theme_off');
        assert.deepEqual(off.body['themesOff'], ['science']);
        const mine = await api('GET', '/v1/pool?minorRef=kid-9&limit=100');
        assert.equal(mine.body['band'], 'age_8_12');
        assert.ok(
          (mine.body['items'] as (Item & { themes: string[] })[]).every((i) => !i.themes.includes('science')),
          "the minor's pool leaves out the themes switched off",
        );

        const filtered = await api('POST', '/v1/pool/filter', {
          minorRef: 'kid-9',
          itemRefs: [
            'demo-news-001',
            'demo-career-001',
            'unknown',
            'demo-science-002',
            'demo-songs-audio-001',
            'demo-refuse-001',
          ],
        });
        assert.equal(filtered.status, 200, JSON.stringify(filtered.body));
        assert.deepEqual(
          filtered.body['allowed'],
          ['demo-news-001', 'demo-songs-audio-001'],
          'kept in the order given',
        );
        assert.deepEqual(filtered.body['refused'], [
          { itemRef: 'demo-career-001', code: 'rating' },
          { itemRef: 'unknown', code: 'not_found' },
          { itemRef: 'demo-science-002', code: 'theme_off' },
          { itemRef: 'demo-refuse-001', code: 'rating' },
        ]);
        const unknownMinor = await api('POST', '/v1/pool/check', { minorRef: 'nobody', itemRef: 'demo-news-001' });
        assert.equal(code(unknownMinor), 'not_found');

        server.advance(13 * 3600_000); // 23:00 in Beijing: the curfew
        const late = await check('demo-news-001');
        assert.equal(late.body['allowed'], false);
        assert.equal((late.body['refusal'] as Json)['code'], 'time');
        assert.equal((late.body['now'] as Json)['rule'], 'curfew');
        server.advance(11 * 3600_000);
      });

      test("a guardian sees the themes of the child's pool and switches one off, which the pool then leaves out", async () => {
        const { guardian, minorId } = await guardianWithChild(
          server,
          { identifier: 'pool-dad@example.com', displayName: '爸爸', password: 'pool portal password' },
          'kid-13',
        );
        const page = await guardian.get(`/guardian/minors/${minorId}/themes`);
        assert.equal(page.status, 200);
        assert.match(page.body, /data-theme="science"/);
        assert.match(page.body, /适龄新闻/);
        assert.doesNotMatch(page.body, /data-theme="career"/, 'themes for older children are not offered');
        const offered = [...page.body.matchAll(/data-theme="(\w+)"/g)].map((m) => m[1]!);
        const saved = await guardian.post(`/guardian/minors/${minorId}/themes`, {
          on: offered.filter((th) => th !== 'news'),
        });
        assert.equal(saved.status, 303);
        assert.match(saved.location ?? '', /done=saved/);
        const again = await guardian.get(saved.location!);
        assert.match(again.body, /已保存内容主题/);
        const check = await api('POST', '/v1/pool/check', { minorRef: 'kid-13', itemRef: 'demo-news-001' });
        assert.equal((check.body['refusal'] as Json)['code'], 'theme_off');
        const mine = await api('GET', '/v1/pool?minorRef=kid-13&theme=news');
        assert.deepEqual(mine.body['items'], []);
        // The guardian's own content band for the child (younger than its age) is the band its pool is rated for.
        const [bound] = await server.server.deps.store.db
          .selectFrom('guardianBindings')
          .select('guardianId')
          .where('minorId', '=', minorId)
          .execute();
        await updateGuardianSettings(
          server.server.deps.store.db,
          { guardianId: bound!.guardianId, minorId, settings: { contentBand: 'age_3_8' } },
          server.now(),
        );
        const younger = await api('GET', '/v1/pool?minorRef=kid-13&limit=100');
        assert.equal(younger.body['band'], 'age_3_8');
        const science = await api('POST', '/v1/pool/check', { minorRef: 'kid-13', itemRef: 'demo-science-001' });
        assert.equal(science.body['band'], 'age_3_8');
        assert.equal((science.body['refusal'] as Json)['code'], 'rating', 'science is for 8 and up');
        const song = await api('POST', '/v1/pool/check', { minorRef: 'kid-13', itemRef: 'demo-songs-audio-001' });
        assert.equal(song.body['allowed'], true);
        const other = await guardian.get(`/guardian/minors/mnr_not_mine/themes`);
        assert.equal(other.status, 404);
      });

      test('another tenant sees none of it', async () => {
        const item = await api('GET', '/v1/pool/items/demo-songs-audio-001', undefined, beta);
        assert.equal(code(item), 'not_found');
        const list = await api('GET', '/v1/pool?band=age_8_12', undefined, beta);
        assert.deepEqual(list.body['items'], []);
        const coverage = await api('GET', '/v1/pool/coverage', undefined, beta);
        assert.equal(coverage.body['items'], 0);
        const review = await api(
          'POST',
          '/v1/pool/items/demo-songs-audio-001/review',
          { bands: ['age_8_12'], rating: 'unsuitable', note: 'x' },
          beta,
        );
        assert.equal(code(review), 'not_found');
      });

      test('a lexicon change re-rates the pool before the next call, and what moved out is listed with why', async () => {
        const changed = await api(
          'POST',
          '/v1/lexicon/changes',
          { add: [{ term: '折纸小船', category: 'horror', severity: 'medium' }] },
          admin,
        );
        assert.equal(changed.status, 201, JSON.stringify(changed.body));
        // The pool is re-rated once the new engine serves, before any pool call.
        const deadline = Date.now() + 20_000;
        while (
          !/lexicon:1/.test((await poolRatedWith(server.server.deps.store.db, 'acme')) ?? '') &&
          Date.now() < deadline
        )
          await new Promise((resolve) => setTimeout(resolve, 50));
        assert.match((await poolRatedWith(server.server.deps.store.db, 'acme')) ?? '', /lexicon:1/);
        const list = await api('GET', '/v1/pool?band=age_8_12&theme=interests&limit=100');
        assert.ok(!(list.body['items'] as Item[]).some((i) => i.ref === 'demo-interests-003'), 'it left the pool');
        const changes = await api('GET', '/v1/pool/changes');
        const events = changes.body['events'] as Json[];
        const moved = events.find((e) => e['type'] === 'rerated' && e['itemRef'] === 'demo-interests-003');
        assert.ok(moved, JSON.stringify(events.slice(0, 3)));
        const change = (moved['changes'] as Json[]).find((c) => c['band'] === 'age_8_12')!;
        assert.equal(change['from'], 'suitable');
        assert.equal(change['to'], 'unsuitable');
        const reason = (change['reasons'] as Json[])[0]!;
        assert.equal(reason['code'], 'may_affect');
        assert.equal(reason['category'], 'horror');
        assert.equal((reason['spans'] as Json[])[0]!['text'], '折纸小船');
        assert.ok(
          !events.some((e) => e['type'] === 'rerated' && e['itemRef'] === 'demo-science-001'),
          'items the change did not touch did not move',
        );
        const item = (await api('GET', '/v1/pool/items/demo-interests-003')).body;
        assert.match(String(item['ratedWith']), /lexicon:1/);

        // A second process that has not yet compiled version 1 does not rate the pool back with version 0.
        const deps = server.server.deps;
        const behind = {
          ...deps,
          engines: { ...deps.engines, forTenant: () => ({ engine: deps.engines.defaultEngine, version: 0 }) },
        };
        assert.equal(await ensurePoolRated(behind, (await getTenant(deps.store.db, 'acme'))!), null);
        assert.match((await poolRatedWith(deps.store.db, 'acme')) ?? '', /lexicon:1/);
      });
    },
  );
}
