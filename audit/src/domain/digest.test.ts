import { createHash } from 'node:crypto';
import { DetailType } from '@evote/shared';
import { busEvent } from '@evote/shared/testing';
import { auditStreamDigest, canonicalJson } from './digest';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('canonicalJson', () => {
  it('sorts keys at every depth, keeps array order, and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 'é', y: null }], c: true } })).toBe(
      '{"a":{"c":true,"d":[3,{"y":null,"z":"é"}]},"b":1}',
    );
  });

  it('refuses what JSON cannot hold instead of dropping it', () => {
    expect(() => canonicalJson({ a: undefined })).toThrow(/undefined/);
    expect(() => canonicalJson(Number.NaN)).toThrow(/NaN/);
  });
});

describe('auditStreamDigest', () => {
  const opened = busEvent(DetailType.ElectionOpened);
  const closed = busEvent(DetailType.ElectionClosed);
  const certified = busEvent(DetailType.ElectionCertified);

  it('is the SHA-256 of the canonical lines joined by newlines', () => {
    expect(auditStreamDigest([opened, closed])).toEqual({
      algorithm: 'SHA-256',
      value: sha256(`${canonicalJson(opened)}\n${canonicalJson(closed)}`),
      eventCount: 2,
    });
  });

  it('does not depend on the order of keys, but does on the order of events and on every value', () => {
    const reordered = Object.fromEntries(Object.entries(opened).reverse());
    expect(auditStreamDigest([reordered, closed])).toEqual(auditStreamDigest([opened, closed]));
    expect(auditStreamDigest([closed, opened]).value).not.toBe(auditStreamDigest([opened, closed]).value);
    const altered = { ...closed, detail: { ...closed.detail, scheduledAt: '2026-11-03T20:00:00.001Z' } };
    expect(auditStreamDigest([opened, altered]).value).not.toBe(auditStreamDigest([opened, closed]).value);
  });

  it('leaves out every Election Certified, so certifying again digests the same stream', () => {
    expect(auditStreamDigest([opened, closed, certified])).toEqual(auditStreamDigest([opened, closed]));
    expect(auditStreamDigest([opened, certified, closed, certified]).eventCount).toBe(2);
  });

  it('digests an empty stream as the hash of no bytes', () => {
    expect(auditStreamDigest([])).toEqual({ algorithm: 'SHA-256', value: sha256(''), eventCount: 0 });
  });
});
