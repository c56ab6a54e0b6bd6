/**
 * Class names of both datasets, indexed by label, in English and Korean. The UI
 * shows them next to predictions and confusion matrices.
 */
import type { DatasetId } from '../model/ids.js';

/** Fashion-MNIST labels 0..9 (Zalando's order). */
export const FASHION_MNIST_CLASSES_EN = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
] as const;

export const FASHION_MNIST_CLASSES_KO = [
  '티셔츠/탑',
  '바지',
  '풀오버',
  '드레스',
  '코트',
  '샌들',
  '셔츠',
  '스니커즈',
  '가방',
  '앵클 부츠',
] as const;

/** MNIST labels are the digits themselves. */
export const MNIST_CLASSES_EN = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

export const MNIST_CLASSES_KO = [
  '숫자 0',
  '숫자 1',
  '숫자 2',
  '숫자 3',
  '숫자 4',
  '숫자 5',
  '숫자 6',
  '숫자 7',
  '숫자 8',
  '숫자 9',
] as const;

/** Class names per dataset and language, e.g. `CLASS_NAMES['fashion-mnist'].ko[9]` → '앵클 부츠'. */
export const CLASS_NAMES: Record<DatasetId, { en: readonly string[]; ko: readonly string[] }> = {
  'fashion-mnist': { en: FASHION_MNIST_CLASSES_EN, ko: FASHION_MNIST_CLASSES_KO },
  mnist: { en: MNIST_CLASSES_EN, ko: MNIST_CLASSES_KO },
};
