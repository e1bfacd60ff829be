import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  composeInteractions,
  composePolicy,
  decideInteraction,
  validateInteractionSettings,
  type AgeBand,
  type Feature,
  type GuardianSettings,
  type Interaction,
  type InteractionSettings,
  type Relation,
} from './index.js';

describe('who may see, comment on and repost a minor’s posts', () => {
  test('a minor starts closed: friends see and comment, nobody reposts; an adult starts open', () => {
    const minor = composeInteractions('age_12_16');
    assert.deepEqual(
      [minor.posts.value, minor.comments.value, minor.reposts.value, minor.messages.value],
      ['friends', 'friends', 'nobody', 'everyone'],
    );
    assert.equal(minor.posts.layer, 'default');
    const adult = composeInteractions('adult');
    assert.deepEqual([adult.posts.value, adult.reposts.value], ['everyone', 'everyone']);
  });

  test('a guardian opens or closes; the minor only ever closes more', () => {
    const opened = composeInteractions('age_12_16', { posts: 'everyone', reposts: 'followers' });
    assert.deepEqual([opened.posts.value, opened.posts.layer], ['everyone', 'guardian']);
    const closedByMinor = composeInteractions(
      'age_12_16',
      { posts: 'everyone' },
      { posts: 'friends', comments: 'nobody' },
    );
    assert.deepEqual([closedByMinor.posts.value, closedByMinor.posts.layer], ['friends', 'minor']);
    assert.deepEqual([closedByMinor.comments.value, closedByMinor.comments.layer], ['nobody', 'minor']);
    const looserByMinor = composeInteractions('age_12_16', {}, { reposts: 'everyone' });
    assert.deepEqual([looserByMinor.reposts.value, looserByMinor.reposts.layer], ['nobody', 'default']);
  });

  test('bad settings are refused with every problem named', () => {
    assert.throws(
      () => validateInteractionSettings({ posts: 'public', likes: 'friends' }),
      (error: { code?: string; details?: { path?: string }[] }) =>
        error.code === 'validation_failed' &&
        JSON.stringify(error.details?.map((d) => d.path)) === '["interactions.posts","interactions.likes"]',
    );
    assert.throws(() => validateInteractionSettings('everyone'), { code: 'validation_failed' });
  });
});

describe('deciding an interaction', () => {
  const cases: readonly {
    readonly name: string;
    readonly action: Interaction;
    readonly relation: Relation;
    readonly expect: 'allow' | 'deny';
    readonly rule: string;
    readonly blocked?: boolean;
    readonly guardian?: GuardianSettings;
    readonly own?: InteractionSettings;
    readonly consents?: readonly Feature[];
    readonly band?: AgeBand;
  }[] = [
    {
      name: 'a friend sees the posts',
      action: 'view_posts',
      relation: 'friend',
      expect: 'allow',
      rule: 'interaction_audience',
    },
    {
      name: 'a follower does not, by default',
      action: 'view_posts',
      relation: 'follower',
      expect: 'deny',
      rule: 'interaction_audience',
    },
    {
      name: 'a stranger may not comment',
      action: 'comment',
      relation: 'stranger',
      expect: 'deny',
      rule: 'interaction_audience',
    },
    {
      name: 'not even a friend reposts, by default',
      action: 'repost',
      relation: 'friend',
      expect: 'deny',
      rule: 'interaction_audience',
    },
    {
      name: 'a guardian who opens posts to everyone lets a stranger see them',
      action: 'view_posts',
      relation: 'stranger',
      guardian: { interactions: { posts: 'everyone' } },
      expect: 'allow',
      rule: 'interaction_audience',
    },
    {
      name: 'the minor turning comments off stops even friends',
      action: 'comment',
      relation: 'friend',
      own: { comments: 'nobody' },
      expect: 'deny',
      rule: 'interaction_audience',
    },
    {
      name: 'a blocked friend can do nothing',
      action: 'view_posts',
      relation: 'friend',
      blocked: true,
      expect: 'deny',
      rule: 'interaction_block',
    },
    {
      name: 'a blocked friend cannot message either',
      action: 'message',
      relation: 'friend',
      blocked: true,
      expect: 'deny',
      rule: 'interaction_block',
    },
    {
      name: 'a friend may message',
      action: 'message',
      relation: 'friend',
      expect: 'allow',
      rule: 'interaction_audience',
    },
    {
      name: 'the minor turning messages off stops even friends',
      action: 'message',
      relation: 'friend',
      own: { messages: 'nobody' },
      expect: 'deny',
      rule: 'interaction_audience',
    },
    {
      name: 'messages from friends only: a stranger is refused even where strangers’ messages are on',
      action: 'message',
      relation: 'stranger',
      guardian: { features: { stranger_dm: 'allow' } },
      own: { messages: 'friends' },
      expect: 'deny',
      rule: 'interaction_audience',
    },
    {
      name: 'a stranger may not, by default',
      action: 'message',
      relation: 'stranger',
      expect: 'deny',
      rule: 'stranger_messages',
    },
    {
      name: 'a stranger may once a guardian turned strangers’ messages on',
      action: 'message',
      relation: 'stranger',
      guardian: { features: { stranger_dm: 'allow' } },
      expect: 'allow',
      rule: 'stranger_messages',
    },
    {
      name: 'an adult’s posts are open to everyone',
      action: 'repost',
      relation: 'stranger',
      band: 'adult',
      expect: 'allow',
      rule: 'interaction_audience',
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const band = c.band ?? 'age_12_16';
      const policy = composePolicy(band, {}, c.guardian ?? {});
      const interactions = composeInteractions(band, c.guardian?.interactions, c.own);
      const got = decideInteraction(policy, interactions, c.consents ?? [], {
        action: c.action,
        relation: c.relation,
        blocked: c.blocked === true,
      });
      assert.equal(got.outcome, c.expect);
      assert.equal(got.rule, c.rule);
      assert.ok(got.reason.zh.length > 0 && got.reason.en.length > 0 && got.source.includes('Art 26'));
    });
  }
});
