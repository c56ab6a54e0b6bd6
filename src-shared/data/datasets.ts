/**
 * The fixed split sizes and display information of each dataset. Plain data, so the
 * renderer can show "55,000 / 5,000 / 10,000" without loading a single image.
 */
import type { DatasetId } from '../model/ids.js';
import { CLASS_NAMES } from './classes.js';
import type { DatasetInfo, SplitSizes } from './types.js';

/**
 * Split sizes. Fashion-MNIST: the package ships all 70,000 images without the
 * official split, so 60,000/10,000 is redrawn (stratified, seeded) and the last
 * 5,000 training images validate, as in the book. MNIST: the package has 10,000
 * digits, split 8,000/2,000, the last 1,000 training images validate.
 */
export const SPLIT_SIZES: Record<DatasetId, SplitSizes> = {
  'fashion-mnist': { total: 70_000, train: 55_000, validation: 5_000, test: 10_000 },
  mnist: { total: 10_000, train: 7_000, validation: 1_000, test: 2_000 },
};

const TITLES: Record<DatasetId, { en: string; ko: string }> = {
  'fashion-mnist': { en: 'Fashion-MNIST', ko: '패션 MNIST' },
  mnist: { en: 'MNIST digits', ko: 'MNIST 손글씨 숫자' },
};

/** Display information of a dataset, e.g. `DATASET_INFO.mnist.train` → 7000. */
export const DATASET_INFO: Record<DatasetId, DatasetInfo> = {
  'fashion-mnist': info('fashion-mnist'),
  mnist: info('mnist'),
};

function info(id: DatasetId): DatasetInfo {
  const sizes = SPLIT_SIZES[id];
  return {
    id,
    title_en: TITLES[id].en,
    title_ko: TITLES[id].ko,
    train: sizes.train,
    validation: sizes.validation,
    test: sizes.test,
    class_names_en: CLASS_NAMES[id].en,
    class_names_ko: CLASS_NAMES[id].ko,
  };
}
