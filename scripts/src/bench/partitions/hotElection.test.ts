import { ElectionsEntity, TALLY_SHARDS } from '@evote/elections';
import { electionItems } from './hotElection';

const ofEntity = (items: Record<string, unknown>[], entity: string) => items.filter((item) => item.entity === entity);

describe('the hot election’s items', () => {
  it('sharded: as init writes them, the election item listing its candidates, every candidate on all tally shards', () => {
    const items = electionItems('e1', 'sharded');
    const [election] = ofEntity(items, ElectionsEntity.Election);
    expect(election?.candidateIds).toEqual(['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8']);
    expect(ofEntity(items, ElectionsEntity.Candidate)).toHaveLength(8);
    expect(ofEntity(items, ElectionsEntity.TallyShard)).toHaveLength(8 * TALLY_SHARDS);
  });

  it('unsharded: the election item without the list (the fan-out reads candidate items), one tally item a candidate', () => {
    const items = electionItems('e1', 'unsharded');
    const elections = ofEntity(items, ElectionsEntity.Election);
    expect(elections).toHaveLength(1);
    expect(elections[0]).not.toHaveProperty('candidateIds');
    expect(elections[0]).toMatchObject({ electionId: 'e1', opensAt: expect.any(String), closesAt: expect.any(String) });
    expect(ofEntity(items, ElectionsEntity.Candidate)).toHaveLength(8);
    const tallies = ofEntity(items, ElectionsEntity.TallyShard);
    expect(tallies).toHaveLength(8);
    expect(new Set(tallies.map((item) => item.shard))).toEqual(new Set([0]));
  });
});
