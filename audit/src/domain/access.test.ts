import { AUDITOR_SCOPE, DetailType, type Caller } from '@evote/shared';
import { busEvent, validDetails } from '@evote/shared/testing';
import { everyEventNames, streamAccess, voterNamedBy, type StreamPage } from './access';
import { EntityType, type EntityRef } from './entities';

const auditor: Caller = { scopes: [AUDITOR_SCOPE] };
const joe: Caller = { voterId: 'v00001', scopes: ['openid'] };
const ballot = (id: string): EntityRef => ({ type: EntityType.Ballot, id });
const voter = (id: string): EntityRef => ({ type: EntityType.Voter, id });
const election: EntityRef = { type: EntityType.Election, id: 'e00001' };
const candidate: EntityRef = { type: EntityType.Candidate, id: 'c00001' };

describe('streamAccess', () => {
  it('lets an auditor read every kind of stream', () => {
    for (const stream of [ballot('b00001'), voter('v00002'), election, candidate]) {
      expect(streamAccess(auditor, stream)).toEqual({ kind: 'granted' });
    }
  });

  it('lets an auditor who also names a voter read everything too', () => {
    expect(streamAccess({ voterId: 'v00001', scopes: ['openid', AUDITOR_SCOPE] }, election)).toEqual({
      kind: 'granted',
    });
  });

  it("lets a voter read their own voter stream and no other voter's", () => {
    expect(streamAccess(joe, voter('v00001'))).toEqual({ kind: 'granted' });
    expect(streamAccess(joe, voter('v00002'))).toEqual({ kind: 'hidden' });
  });

  it('lets a voter read a ballot stream only on condition that every event in it names them', () => {
    expect(streamAccess(joe, ballot('b00001'))).toEqual({ kind: 'ifEveryEventNames', voterId: 'v00001' });
    expect(streamAccess({ voterId: 'v00002', scopes: [] }, ballot('b00001'))).toEqual({
      kind: 'ifEveryEventNames',
      voterId: 'v00002',
    });
  });

  it('hides election and candidate streams from a voter', () => {
    expect(streamAccess(joe, election)).toEqual({ kind: 'hidden' });
    expect(streamAccess(joe, candidate)).toEqual({ kind: 'hidden' });
  });

  it('hides everything from a caller that is neither a voter nor an auditor', () => {
    const stranger: Caller = { scopes: ['openid', 'evote/other'] };
    for (const stream of [ballot('b00001'), voter('v00001'), election, candidate]) {
      expect(streamAccess(stranger, stream)).toEqual({ kind: 'hidden' });
    }
  });
});

describe('voterNamedBy', () => {
  it('reads detail.voterId of ballot events and detail.voter.voterId of vote events', () => {
    const ballotAndVoteTypes = Object.values(DetailType).filter((type) => !type.startsWith('Election '));
    for (const type of ballotAndVoteTypes) expect(voterNamedBy(busEvent(type))).toBe('v00001');
  });

  it('names no voter for an election lifecycle event (only an auditor reads those)', () => {
    for (const type of [DetailType.ElectionOpened, DetailType.ElectionClosed, DetailType.ElectionCertified])
      expect(voterNamedBy(busEvent(type))).toBeUndefined();
  });

  it('names no one for anything else', () => {
    expect(voterNamedBy({ detail: { voter: { voterId: 7 } } })).toBeUndefined();
    expect(voterNamedBy({ detail: null })).toBeUndefined();
    expect(voterNamedBy(DetailType.BallotSubmitted)).toBeUndefined();
  });
});

describe('everyEventNames', () => {
  const submittedBy = (voterId: string) =>
    busEvent(DetailType.BallotSubmitted, { detail: { ...validDetails[DetailType.BallotSubmitted], voterId } });
  const castBy = (voterId: string) =>
    busEvent(DetailType.VoteCast, {
      detail: { ...validDetails[DetailType.VoteCast], voter: { voterId, fullName: 'Someone' } },
    });

  /** A stream of `pages`, recording which pages were read. */
  function stream(pages: unknown[][]) {
    const read: (number | undefined)[] = [];
    const readPage = async (startKey?: number): Promise<StreamPage<number>> => {
      read.push(startKey);
      const index = startKey ?? 0;
      return { events: pages[index] ?? [], ...(index + 1 < pages.length ? { lastKey: index + 1 } : {}) };
    };
    return { readPage, read };
  }

  it('is true for a stream, over every page, whose every event names the voter', async () => {
    const { readPage, read } = stream([[submittedBy('v00001'), castBy('v00001')], [castBy('v00001')]]);
    await expect(everyEventNames('v00001', readPage)).resolves.toBe(true);
    expect(read).toEqual([undefined, 1]);
  });

  it('is false as soon as one event names someone else, even on a later page', async () => {
    await expect(
      everyEventNames('v00001', stream([[submittedBy('v00001')], [submittedBy('v00002')]]).readPage),
    ).resolves.toBe(false);
    await expect(
      everyEventNames('v00002', stream([[submittedBy('v00001')], [submittedBy('v00002')]]).readPage),
    ).resolves.toBe(false);
  });

  it('stops reading at the first page that names someone else', async () => {
    const { readPage, read } = stream([[castBy('v00002')], [castBy('v00001')]]);
    await expect(everyEventNames('v00001', readPage)).resolves.toBe(false);
    expect(read).toEqual([undefined]);
  });

  it('is false for a stream with no events', async () => {
    await expect(everyEventNames('v00001', stream([[]]).readPage)).resolves.toBe(false);
  });
});
