import { DetailType } from '@evote/shared';
import { ballotSubmitted, busEvent } from '@evote/shared/testing';
import { audited } from '../../test/events';
import type { AuditedEvent } from './auditedEvent';
import { entitiesNamedBy, EntityType } from './entities';

const ballotEntities = [
  { type: EntityType.Ballot, id: 'b00001' },
  { type: EntityType.Voter, id: 'v00001' },
  { type: EntityType.Election, id: 'e00001' },
  { type: EntityType.Candidate, id: 'c00001' },
  { type: EntityType.Election, id: 'e00002' },
  { type: EntityType.Candidate, id: 'c00002' },
];

const voteEntities = [
  { type: EntityType.Ballot, id: 'b00001' },
  { type: EntityType.Voter, id: 'v00001' },
  { type: EntityType.Election, id: 'e00001' },
  { type: EntityType.Candidate, id: 'c00001' },
];

describe('entitiesNamedBy', () => {
  it.each([DetailType.BallotSubmitted, DetailType.BallotVerified, DetailType.BallotRejected])(
    '%s names the ballot, the voter and every election and candidate voted for',
    (type) => expect(entitiesNamedBy(audited(type))).toEqual(ballotEntities),
  );

  it.each([DetailType.VoteCast, DetailType.VoteRejected])(
    '%s names the ballot, the voter, the election and the candidate',
    (type) => {
      expect(entitiesNamedBy(audited(type))).toEqual(voteEntities);
    },
  );

  it('names an entity once even when two votes share a candidate id', () => {
    const votes = [
      { electionId: 'e00001', candidateId: 'same01' },
      { electionId: 'e00002', candidateId: 'same01' },
    ];
    const event = busEvent(DetailType.BallotSubmitted, { detail: { ...ballotSubmitted, votes } }) as AuditedEvent;
    expect(entitiesNamedBy(event).filter((ref) => ref.type === EntityType.Candidate)).toEqual([
      { type: EntityType.Candidate, id: 'same01' },
    ]);
  });

  it('takes the voter of a vote event from its voter object', () => {
    const event = busEvent(DetailType.VoteCast);
    const renamed = {
      ...event,
      detail: { ...event.detail, voter: { voterId: 'v00042', fullName: 'Grace Hopper' } },
    } as AuditedEvent;
    expect(entitiesNamedBy(renamed)).toContainEqual({ type: EntityType.Voter, id: 'v00042' });
  });
});
