import {
  allShards,
  candidateKey,
  catalogEntry,
  countMarkerKey,
  electionKey,
  electionPartition,
  electionPartitions,
  keyId,
  shardOf,
  TALLY_SHARDS,
  tallyKey,
  tallyKeyOfVote,
  voteKey,
} from './keys';

describe('elections table keys', () => {
  it('puts an election at ELECTION#<e> / DETAIL', () => {
    expect(electionKey('e1')).toEqual({ pk: 'ELECTION#e1', sk: 'DETAIL' });
  });

  it('puts a candidate at ELECTION#<e> / CANDIDATE#<c>', () => {
    expect(candidateKey('e1', 'c1')).toEqual({ pk: 'ELECTION#e1', sk: 'CANDIDATE#c1' });
  });

  it('puts a vote at ELECTION#<e>#VOTES#<shard> / VOTE#<voteId>, the shard FNV-1a of the voteId mod 16', () => {
    // 'v1' hashes to 2487895656 (FNV-1a 32-bit, computed apart), and 2487895656 mod 16 = 8.
    expect(voteKey('e1', 'v1')).toEqual({ pk: 'ELECTION#e1#VOTES#8', sk: 'VOTE#v1' });
  });

  it("puts a count marker on its vote's shard, in a partition of its own: ELECTION#<e>#COUNTED#<shard> / COUNTED#<voteId>", () => {
    expect(countMarkerKey('e1', 'v1')).toEqual({ pk: 'ELECTION#e1#COUNTED#8', sk: 'COUNTED#v1' });
  });

  it("puts a candidate's tally shard k at ELECTION#<e>#TALLY#<k> / CANDIDATE#<c>", () => {
    expect(tallyKey('e1', 'c1', 3)).toEqual({ pk: 'ELECTION#e1#TALLY#3', sk: 'CANDIDATE#c1' });
    expect(tallyKeyOfVote('e1', 'c1', 'abc')).toEqual({ pk: 'ELECTION#e1#TALLY#11', sk: 'CANDIDATE#c1' });
  });

  it('keeps the election and its candidates together, and spreads its votes and tallies over 16 partitions', () => {
    expect(electionKey('e1').pk).toBe(electionPartition('e1'));
    expect(candidateKey('e1', 'c').pk).toBe(electionPartition('e1'));
    const voteIds = Array.from({ length: 1600 }, (_, i) => i.toString(16).padStart(32, '0'));
    const perShard = new Map<string, number>();
    for (const voteId of voteIds) {
      const pk = tallyKeyOfVote('e1', 'c', voteId).pk;
      perShard.set(pk, (perShard.get(pk) ?? 0) + 1);
    }
    expect(perShard.size).toBe(TALLY_SHARDS);
    // 100 expected per shard: no shard takes more than twice its share.
    expect(Math.max(...perShard.values())).toBeLessThan(200);
    expect(Math.min(...perShard.values())).toBeGreaterThan(50);
  });

  it('puts every retry of a vote on the same shard, the vote and its marker and its tally alike', () => {
    const shard = shardOf('0123456789abcdef0123456789abcdef');
    expect(shardOf('0123456789abcdef0123456789abcdef')).toBe(shard);
    expect(voteKey('e', '0123456789abcdef0123456789abcdef').pk).toBe(`ELECTION#e#VOTES#${shard}`);
    expect(tallyKeyOfVote('e', 'c', '0123456789abcdef0123456789abcdef').pk).toBe(`ELECTION#e#TALLY#${shard}`);
  });

  it('has one shard when asked for one (the unsharded layout the benchmark compares) and refuses no shard', () => {
    expect(voteKey('e1', 'v1', 1).pk).toBe('ELECTION#e1#VOTES#0');
    expect(allShards(1)).toEqual([0]);
    expect(() => shardOf('v1', 0)).toThrow(RangeError);
    expect(() => shardOf('v1', 1.5)).toThrow(RangeError);
  });

  it('names every partition of an election once', () => {
    const partitions = electionPartitions('e1');
    expect(partitions).toHaveLength(1 + 3 * TALLY_SHARDS);
    expect(new Set(partitions).size).toBe(partitions.length);
    expect(partitions).toContain(voteKey('e1', 'v1').pk);
    expect(partitions).toContain(countMarkerKey('e1', 'v1').pk);
    expect(partitions).toContain(tallyKey('e1', 'c', TALLY_SHARDS - 1).pk);
  });

  it('gives a vote and its count marker different keys', () => {
    expect(keyId(voteKey('e1', 'x'))).not.toBe(keyId(countMarkerKey('e1', 'x')));
  });

  it('gives distinct keys distinct ids', () => {
    expect(keyId(electionKey('e1'))).toBe(keyId({ pk: 'ELECTION#e1', sk: 'DETAIL' }));
    expect(keyId(electionKey('e1'))).not.toBe(keyId(electionKey('e2')));
  });
});

describe('the catalog index', () => {
  it('lists an election and its candidates in one partition, each election together', () => {
    expect(catalogEntry('e1')).toEqual({ catalogPk: 'CATALOG', catalogSk: 'ELECTION#e1#DETAIL' });
    expect(catalogEntry('e1', 'c1')).toEqual({ catalogPk: 'CATALOG', catalogSk: 'ELECTION#e1#CANDIDATE#c1' });
  });
});
