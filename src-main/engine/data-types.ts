import type { PreparedData as SharedPreparedData } from '../../src-shared/data/types.js';

export type { DataSplit } from '../../src-shared/data/types.js';
/** What the engine needs of a prepared dataset (src-shared/data/types.ts): the three splits, not where they came from. */
export type PreparedData = Pick<SharedPreparedData, 'features' | 'classes' | 'train' | 'validation' | 'test'>;
