/** Checks the `lr-found` event of the training process (see protocol.ts). */
import { z } from 'zod';

/** Any number, NaN and ±Infinity included (a sweep's last losses blow up). */
const measured = z.custom<number>((v) => typeof v === 'number', { error: 'expected a number' });

/** `LrFindResult` as the training process sends it. */
export const lrFindResultSchema = z.object({
  points: z.array(z.object({ learning_rate: z.number(), loss: measured, smoothed_loss: measured })),
  suggested_rate: z.number().nullable(),
  min_loss_rate: z.number().nullable(),
  stopped_early: z.boolean(),
  backend: z.string(),
  batch_size: z.number().int().min(1),
});
