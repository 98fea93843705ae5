/**
 * An election's lifecycle as the elections table records it, and the status the results route
 * shows. Election Opened and Election Closed record the instant they were scheduled for
 * (`openedAt`, `closedAt`); Election Certified records the certification (final tallies and the
 * audit stream's digest). Each is written once, conditionally, so redeliveries change nothing,
 * a late Election Opened never undoes a close, and a second certification is ignored.
 */
import type { ElectionCertified } from '@evote/shared';
import type { PollWindow } from './polls';

/** What Election Certified leaves on the election: when, the final tallies, and the digest. */
export type Certification = Pick<ElectionCertified, 'certifiedAt' | 'tallies' | 'auditDigest'>;

/** How an election's results are published: tallies always, or turnout only until the close. */
export const ResultsMode = { Live: 'live', AfterClose: 'after-close' } as const;
export type ResultsMode = (typeof ResultsMode)[keyof typeof ResultsMode];

/** The lifecycle an election item records, beside its scheduled window. */
export interface ElectionLifecycle extends PollWindow {
  /** How results are published; an item without it publishes live (as before elections had modes). */
  readonly results?: ResultsMode;
  readonly openedAt?: string;
  readonly closedAt?: string;
  readonly certification?: Certification;
}

/** Where an election is, as the results route shows it. */
export const ElectionStatus = {
  Scheduled: 'scheduled',
  Open: 'open',
  Closed: 'closed',
  Certified: 'certified',
} as const;
export type ElectionStatus = (typeof ElectionStatus)[keyof typeof ElectionStatus];

/**
 * The status, first match wins: `certified` once certified; `closed` once Election Closed is
 * recorded (the scheduled closing time alone is not enough: the close is the event, and the
 * embargo lifts with it); `open` once Election Opened is recorded or `opensAt` has passed (or the
 * item has no `opensAt`: an election without a window is always open); `scheduled` before that.
 */
export function statusOf(election: ElectionLifecycle, now: Date): ElectionStatus {
  if (election.certification) return ElectionStatus.Certified;
  if (election.closedAt) return ElectionStatus.Closed;
  if (election.openedAt || election.opensAt === undefined || Date.parse(election.opensAt) <= now.getTime()) {
    return ElectionStatus.Open;
  }
  return ElectionStatus.Scheduled;
}

/** The results mode of an item; `live` when it has none or one this code does not know. */
export function resultsModeOf(election: ElectionLifecycle): ResultsMode {
  return election.results === ResultsMode.AfterClose ? ResultsMode.AfterClose : ResultsMode.Live;
}

/** Whether the tallies are hidden: an `after-close` election before its Election Closed. */
export function isEmbargoed(election: ElectionLifecycle): boolean {
  return resultsModeOf(election) === ResultsMode.AfterClose && !election.closedAt && !election.certification;
}

/** What one lifecycle event does to the election item. */
export type LifecycleChange =
  | { readonly kind: 'opened'; readonly electionId: string; readonly openedAt: string }
  | { readonly kind: 'closed'; readonly electionId: string; readonly closedAt: string }
  | { readonly kind: 'certified'; readonly electionId: string; readonly certification: Certification };

/** A change was recorded, or the item already held it (or a later state): nothing was written. */
export type LifecycleOutcome = 'recorded' | 'unchanged';

/** The change an Election Opened, Closed or Certified detail makes. */
export function lifecycleChangeOf(
  event:
    | {
        readonly type: 'Election Opened' | 'Election Closed';
        readonly detail: { electionId: string; scheduledAt: string };
      }
    | { readonly type: 'Election Certified'; readonly detail: ElectionCertified },
): LifecycleChange {
  const { electionId } = event.detail;
  switch (event.type) {
    case 'Election Opened':
      return { kind: 'opened', electionId, openedAt: event.detail.scheduledAt };
    case 'Election Closed':
      return { kind: 'closed', electionId, closedAt: event.detail.scheduledAt };
    case 'Election Certified': {
      const { certifiedAt, tallies, auditDigest } = event.detail;
      return { kind: 'certified', electionId, certification: { certifiedAt, tallies, auditDigest } };
    }
  }
}
