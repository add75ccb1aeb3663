/** A fit's id on the wire (panel → host → helper): checked against the results layout, never a path of its own. */
import { z } from 'zod';
import { isFitId } from '../core/io/resultsLayout';

export const fitIdSchema = z
  .string()
  .max(400)
  .refine(isFitId, { message: 'not a fit folder of a results folder' });
