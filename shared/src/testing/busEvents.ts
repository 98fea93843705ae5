/**
 * EventBridge envelopes around the catalog's example details, as a consumer receives them: the
 * one builder the services' tests share, so every test feeds its handler the same shape.
 */
import { DetailType, SourceOf } from '../names';
import type { BusEvent, DetailOf } from '../contracts';
import { validDetails } from '../contracts/fixtures';

/**
 * A fresh copy of the example detail of `type` with `overrides` on top; a copy, so a test that
 * changes what it was given cannot change what the next test gets.
 */
export function exampleDetail<D extends DetailType>(type: D, overrides: Partial<DetailOf[D]> = {}): DetailOf[D] {
  return { ...structuredClone(validDetails[type]), ...overrides };
}

/**
 * The event of `type` carrying its example detail, from the service that emits it. `overrides`
 * replaces any field, `detail` and `source` included (a forged source, a broken detail). Each
 * detail-type has its own event id, so a log of several events never holds two with one id.
 */
export function busEvent<D extends DetailType>(type: D, overrides: Partial<BusEvent<D>> = {}): BusEvent<D> {
  const ordinal = Object.values(DetailType).indexOf(type);
  return {
    version: '0',
    id: `11111111-2222-3333-4444-${String(ordinal).padStart(12, '0')}`,
    'detail-type': type,
    source: SourceOf[type],
    account: '123456789012',
    time: '2025-11-04T10:00:00Z',
    region: 'us-east-1',
    resources: [],
    detail: exampleDetail(type),
    ...overrides,
  };
}
