/** The app's areas, in navigation order (Alt+1 … Alt+6), with the message key of each label. */
import type { PlainKey } from './i18n/index.js';

export const AREAS = ['editor', 'explorers', 'wizard', 'training', 'runs', 'settings'] as const;
export type Area = (typeof AREAS)[number];

/** Label of each area in the navigation. */
export const AREA_LABELS: Record<Area, PlainKey> = {
  editor: 'nav.editor',
  explorers: 'nav.explorers',
  wizard: 'nav.wizard',
  training: 'nav.training',
  runs: 'nav.runs',
  settings: 'nav.settings',
};

/** The area named by a URL hash (`#training`), or null. */
export function areaFromHash(hash: string): Area | null {
  const name = hash.replace(/^#\/?/, '');
  return AREAS.find((a) => a === name) ?? null;
}
