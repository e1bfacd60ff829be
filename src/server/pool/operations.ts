import type { ApiOperation } from '../openapi.js';
import { poolSchemas as s } from './schemas.js';

const RATING =
  'Every item is rated for each minors’ band (under_3, age_3_8, age_8_12, age_12_16, age_16_18) as suitable, needs_review or ' +
  'unsuitable, with reasons: the engine and model verdict on its title and text for that band (spans point at what ' +
  'triggered it), the may_affect tier (never in a minor’s pool), the theme and kind rules of the CAC 2024 minors’ mode ' +
  'guide per band, and a reviewer’s decision, which wins until the item’s content changes.';

/** The content-pool operations, for the OpenAPI document. */
export const POOL_OPERATIONS: readonly ApiOperation[] = [
  {
    method: 'post',
    path: '/v1/pool/items',
    summary: 'Register items in the content pool (one, or a batch of up to 500)',
    description: `Registers or updates items by ref and rates them. ${RATING} One item answers 201 when created; a batch ({"items": […]}) answers each item’s outcome and ratings.`,
    scopes: ['pool'],
    request: s.put,
    response: s.putResult,
    status: 201,
  },
  {
    method: 'patch',
    path: '/v1/pool/items/{ref}',
    summary: 'Update an item',
    description:
      'Changes the fields sent. A new title, text, kind or themes raises the version and re-rates it; a reviewer’s earlier decision no longer holds.',
    scopes: ['pool'],
    request: s.patch,
    response: s.putOne,
    status: 200,
    pathParams: ['ref'],
    errors: ['not_found'],
  },
  {
    method: 'post',
    path: '/v1/pool/items/{ref}/withdraw',
    summary: 'Withdraw an item',
    description:
      'Takes the item out of the pool; it stays on record with its history. Registering it again brings it back.',
    scopes: ['pool'],
    request: s.withdraw,
    response: s.item,
    status: 200,
    pathParams: ['ref'],
    errors: ['not_found'],
  },
  {
    method: 'post',
    path: '/v1/pool/items/{ref}/review',
    summary: 'Decide an item’s rating for some bands',
    description:
      'A reviewer’s decision, with why: it wins over the rules for those bands and is kept as an append-only event. Send the version you looked at to be told (conflict) when the item changed meanwhile.',
    scopes: ['pool'],
    request: s.review,
    response: s.item,
    status: 200,
    pathParams: ['ref'],
    errors: ['not_found', 'conflict'],
  },
  {
    method: 'get',
    path: '/v1/pool/items/{ref}',
    summary: 'An item, its ratings and its history',
    description:
      'Every band’s rating with its reasons, and the events: registered, updated, reviewed, rerated, withdrawn.',
    scopes: ['pool'],
    response: s.itemWithHistory,
    status: 200,
    pathParams: ['ref'],
    errors: ['not_found'],
  },
  {
    method: 'get',
    path: '/v1/pool',
    summary: 'The pool for a band or a minor',
    description:
      'Items rated suitable for the band (or for a registered minor: the band its content is rated for, without the themes its guardian switched off), of a theme and kind if asked, in a stable order; page with nextCursor.',
    scopes: ['pool'],
    query: s.listQuery,
    response: s.list,
    status: 200,
    errors: ['not_found'],
  },
  {
    method: 'post',
    path: '/v1/pool/check',
    summary: 'May this item be shown to this minor now?',
    description:
      'Combines the item’s rating for the minor’s content band, the themes its guardian switched off, the youth-mode decision on the content (tiers, band) and the youth-mode decision on use now (curfew, daily total, schedule). `refusal` names the first reason it may not.',
    scopes: ['pool'],
    request: s.check,
    response: s.checkResult,
    status: 200,
    errors: ['not_found'],
  },
  {
    method: 'post',
    path: '/v1/pool/filter',
    summary: 'Filter a recommendation list',
    description:
      'Your candidate list for a minor (or a band), cut to what may be shown, in your order; each refused candidate with its code.',
    scopes: ['pool'],
    request: s.filter,
    response: s.filterResult,
    status: 200,
    errors: ['not_found'],
  },
  {
    method: 'get',
    path: '/v1/pool/coverage',
    summary: 'Coverage: how thin is the pool?',
    description:
      'Per band: suitable, needing review and unsuitable counts, hours, kinds, each theme’s count and hours by kind, the share rejected and why, freshness, and the guide’s themes for the band that are missing or thin (fewer than 10 items).',
    scopes: ['pool'],
    response: s.coverage,
    status: 200,
  },
  {
    method: 'get',
    path: '/v1/pool/changes',
    summary: 'What moved: re-ratings, reviews and withdrawals',
    description:
      'When the lexicon, the model or the rules change, ratings are re-derived before the next pool call; each item that moved has a rerated event naming the bands, from, to and the new reasons. Newest first; page with before.',
    scopes: ['pool'],
    query: s.eventsQuery,
    response: s.events,
    status: 200,
  },
  {
    method: 'post',
    path: '/v1/pool/rerate',
    summary: 'Re-rate the whole pool now',
    description: 'Re-derives every active item’s ratings with the engine serving now and reports what moved.',
    scopes: ['pool'],
    response: s.rerate,
    status: 200,
  },
];
