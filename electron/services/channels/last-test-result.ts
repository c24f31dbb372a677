import type { z } from 'zod';
import type { lastTestSchema } from '../../../shared/contract/channels.js';

/** What the channel card shows about the most recent credential test. */
export type LastTest = z.infer<typeof lastTestSchema>;
