/** Korean text of the dashboard's chapter-11 additions (learning rate on the learning curve, raw and clipped gradient norms, batch-norm statistics, early stopping); spread into ko.ts (keys as in ./dashboard-ch11.en.ts). */
import type { dashboardCh11En } from './dashboard-ch11.en.js';

export const dashboardCh11Ko: { readonly [K in keyof typeof dashboardCh11En]: string } = {
};
