/** The audit tests' view of the shared example events: a catalog event as the log records it. */
import type { DetailType } from '@evote/shared';
import { busEvent } from '@evote/shared/testing';
import type { AuditedEvent } from '../src/domain/auditedEvent';

export const audited = (type: DetailType): AuditedEvent => busEvent(type) as AuditedEvent;
