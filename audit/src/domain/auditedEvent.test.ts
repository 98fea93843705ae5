import { DetailType, EvoteError, Source, SourceOf, ValidationError } from '@evote/shared';
import { busEvent } from '@evote/shared/testing';
import { parseAuditedEvent } from './auditedEvent';

describe('parseAuditedEvent', () => {
  it.each(Object.values(DetailType))('accepts a valid %s event', (type) => {
    const event = busEvent(type);
    expect(parseAuditedEvent(event)).toEqual(event);
  });

  it.each([undefined, null, 'x', {}, { 'detail-type': 'Something Else' }])('refuses %p: not a catalog event', (raw) => {
    expect(() => parseAuditedEvent(raw)).toThrow(ValidationError);
  });

  it('refuses a catalog event whose detail breaks its contract', () => {
    const event = busEvent(DetailType.VoteCast);
    expect(() => parseAuditedEvent({ ...event, detail: { ...event.detail, voteId: undefined } })).toThrow(
      ValidationError,
    );
  });

  it.each(
    Object.values(DetailType).flatMap((type) =>
      Object.values(Source)
        .filter((source) => source !== SourceOf[type])
        .map((source) => [type, source] as const),
    ),
  )('refuses a %s event from %s: only the service that emits a type may log it', (type, source) => {
    expect(() => parseAuditedEvent(busEvent(type, { source }))).toThrow(
      expect.objectContaining({ code: 'UNEXPECTED_SOURCE' }),
    );
    expect(() => parseAuditedEvent(busEvent(type, { source }))).toThrow(EvoteError);
  });
});
