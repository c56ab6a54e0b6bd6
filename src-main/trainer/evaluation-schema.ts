/** Checks the `evaluation` event of the training process (see protocol.ts). */
import { z } from 'zod';

const finite = z.number();
const label = z.number().int().min(0);
const pixels = z.array(z.number().int().min(0).max(255));

const misclassified = z.object({
  index: z.number().int().min(0),
  true_label: label,
  predicted_label: label,
  probability: finite,
  pixels,
  std: finite.min(0).optional(),
  entropy: finite.min(0).optional(),
});

const group = z.object({ count: z.number().int().min(0), mean_std: finite, mean_entropy: finite });

/** `EvaluationStats` as the training process sends it. */
export const evaluationStatsSchema = z.object({
  test_loss: finite,
  test_accuracy: finite,
  per_class: z.array(finite),
  confusion: z.array(z.array(z.number().int().min(0))),
  count: z.number().int().min(0),
  class_ids: z.array(label),
  misclassified: z.array(misclassified),
  mc: z
    .object({
      samples: z.number().int().min(1),
      dropout_layers: z.number().int().min(0),
      deterministic: z.object({ test_loss: finite, test_accuracy: finite }),
      correct: group,
      wrong: group,
      most_uncertain: z.array(misclassified.extend({ std: finite.min(0), entropy: finite.min(0) })),
    })
    .optional(),
});
