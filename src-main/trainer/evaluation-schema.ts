/** Checks the `evaluation` event of the training process (see protocol.ts). */
import { z } from 'zod';

const finite = z.number();

/** `EvaluationStats` as the training process sends it. */
export const evaluationStatsSchema = z.object({
  test_loss: finite,
  test_accuracy: finite,
  per_class: z.array(finite),
  confusion: z.array(z.array(z.number().int().min(0))),
  count: z.number().int().min(0),
  misclassified: z.array(
    z.object({
      index: z.number().int().min(0),
      true_label: z.number().int().min(0),
      predicted_label: z.number().int().min(0),
      probability: finite,
      pixels: z.array(z.number().int().min(0).max(255)),
    }),
  ),
});
