/**
 * The interaction-spectrum request and answer as they cross process boundaries (host ↔ helper
 * process, host ↔ panel), with schemas typed against the core's own types.
 */
import { z } from 'zod';
import type { SpectrumResult } from '../core/spectrum/spectrum';

/** A site label as model.json writes it (integer, optionally with an insertion letter). */
const siteLabel = z.string().regex(/^-?\d+[a-z]?$/);

/** What the user asks for: sites, scale and the binary view (conditions: all of the model's). */
export const spectrumRequest = z.strictObject({
  sites: z.array(siteLabel).min(1).max(22),
  scale: z.enum(['observed', 'latent']),
  binary: z.boolean(),
  background: z.string().max(2000).optional(),
});

export type SpectrumRequest = z.infer<typeof spectrumRequest>;

const spread = z.strictObject({ mean: z.number(), sd: z.number() });

const conditionSpectrum = z.strictObject({
  condition: z.string(),
  scale: z.enum(['observed', 'latent']),
  sites: z.array(z.strictObject({ site: z.string(), letters: z.array(z.string()) })),
  points: z.number(),
  mean: z.number(),
  variance: z.number(),
  orders: z.array(
    z.strictObject({ order: z.number(), energy: z.number(), share: z.number(), coefficients: z.number() }),
  ),
  pairEnergy: z.array(z.array(z.number())),
  subsets: z.array(z.strictObject({ sites: z.array(z.string()), energy: z.number(), share: z.number() })),
  ruggedness: z.number(),
  meanOrder: z.number(),
  sparsity: z.number(),
  sparsityThreshold: z.number(),
  top: z.array(
    z.strictObject({
      sites: z.array(z.string()),
      frequency: z.array(z.number()),
      order: z.number(),
      re: z.number(),
      im: z.number(),
      magnitude: z.number(),
      share: z.number(),
    }),
  ),
  binary: z
    .strictObject({
      exhaustive: z.boolean(),
      draws: z.array(
        z.strictObject({
          mutants: z.array(z.string()),
          sparsity: z.number(),
          ruggedness: z.number(),
          orderShare: z.array(z.number()),
        }),
      ),
      sparsity: spread,
      ruggedness: spread,
    })
    .optional(),
  seconds: z.number(),
});

export const spectrumResult: z.ZodType<SpectrumResult> = z.strictObject({
  sites: z.array(z.string()),
  scale: z.enum(['observed', 'latent']),
  background: z.string(),
  conditions: z.array(conditionSpectrum),
  notes: z.array(z.string()),
});
