import { decodePageToken, encodePageToken } from './pageToken';

describe('read API page tokens', () => {
  it('round-trip a key of the asked partition', () => {
    const key = { pk: 'BALLOT#49aef2', sk: '2026-01-01T00:00:00Z#1#abc' };
    const token = encodePageToken(key);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodePageToken(token, 'BALLOT#49aef2')).toEqual(key);
  });

  it('refuse a token for another entity, garbage, or extra fields', () => {
    const token = encodePageToken({ pk: 'BALLOT#49aef2', sk: 'x' });
    expect(decodePageToken(token, 'BALLOT#other')).toBeUndefined();
    expect(decodePageToken('not-a-token', 'BALLOT#49aef2')).toBeUndefined();
    expect(
      decodePageToken(Buffer.from('{"pk":"BALLOT#49aef2","sk":"x","x":1}').toString('base64url'), 'BALLOT#49aef2'),
    ).toBeUndefined();
    expect(decodePageToken(Buffer.from('[1]').toString('base64url'), 'BALLOT#49aef2')).toBeUndefined();
  });
});
