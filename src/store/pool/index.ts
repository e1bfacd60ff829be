// The youth content pool (issue 17): items, their ratings per band, reviewers' decisions and the append-only history.
export {
  POOL_EVENT_TYPES,
  POOL_ITEM_STATUSES,
  POOL_LIMITS,
  checkPoolItems,
  getPoolItem,
  getPoolItems,
  getPoolThemesOff,
  listActivePoolItems,
  listPool,
  listPoolEvents,
  listPoolQueue,
  poolRatedWith,
  putPoolItems,
  rateItem,
  ratedTextOf,
  reratePool,
  reviewPoolItem,
  setPoolThemesOff,
  withdrawPoolItem,
} from './items.js';
export type {
  PoolActor,
  PoolChange,
  PoolEvent,
  PoolEventType,
  PoolItem,
  PoolItemInput,
  PoolItemStatus,
  PoolPage,
  PoolRater,
  PoolReviewInput,
  PutOutcome,
  RerateResult,
  StoredBandRating,
} from './items.js';
export type { PoolTables } from './tables.js';
export { DEFAULT_POOL_DEMO_FILE, parsePoolCatalogue, readPoolCatalogue } from './demo.js';
