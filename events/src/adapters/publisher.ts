/** The EventBridge publisher of this service: always source evote.events, on the configured bus. */
import { createPublisher, Source, type Publisher } from '@evote/shared';
import type { EventsConfig } from '../config';

export function busPublisher(config: Pick<EventsConfig, 'eventBusName'>): Publisher {
  return createPublisher({ busName: config.eventBusName, source: Source.Events });
}
