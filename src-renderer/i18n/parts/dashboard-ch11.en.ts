/** English text of the dashboard's chapter-11 additions (learning rate on the learning curve, raw and clipped gradient norms, batch-norm statistics, early stopping); spread into en.ts (ko: ./dashboard-ch11.ko.ts, same keys). */
export const dashboardCh11En = {
} as const;
