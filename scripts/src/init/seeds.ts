import { electionSeedItems } from '@evote/elections';
import { voterSeedItems } from '@evote/voters';

/** Which service's table `init` resets, and to what. The audit log is emptied (no seed). */
export const SEEDS = {
  voters: { service: 'evote-voters', items: voterSeedItems },
  elections: { service: 'evote-elections', items: electionSeedItems },
  audit: { service: 'evote-audit', items: () => [] as Record<string, unknown>[] },
} as const;

export type SeededService = keyof typeof SEEDS;
