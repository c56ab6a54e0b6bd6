/** Datasets: cache, fixed split and preprocessing (main side; types live in src-shared/data). */
export { prepareData, datasetInfo, pixelTransform, type PrepareOptions } from './prepare.js';
export {
  loadRaw,
  readCache,
  cacheFile,
  resolveCacheDir,
  findProjectRoot,
  DATA_DIR_ENV,
  type CacheOptions,
  type LoadedRaw,
} from './cache.js';
export { computeSplit, proportionalQuotas, SPLIT_SEED, SPLIT_SIZES, type SplitIndices } from './split.js';
export { convertToCache, readPackage, packageDataDir, type PackageImages } from './convert.js';
export { CacheError, CACHE_MAGIC, CACHE_VERSION, HEADER_BYTES, type RawDataset } from './format.js';
