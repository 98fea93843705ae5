/** The events service's configuration, read from the environment once and validated. */
import { readConfig } from '@evote/shared';

export interface EventsConfig {
  /** Name of the bus Ballot Submitted is published on (`evote-<stage>`). */
  readonly eventBusName: string;
}

let cached: EventsConfig | undefined;

/**
 * The configuration, read on first use (not at import, so unit tests can import the handler
 * without an environment). Throws ConfigError naming every missing variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): EventsConfig {
  if (cached === undefined) {
    const values = readConfig(['EVENT_BUS_NAME'], env);
    cached = Object.freeze({ eventBusName: values.EVENT_BUS_NAME });
  }
  return cached;
}
