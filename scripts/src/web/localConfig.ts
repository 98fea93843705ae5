/**
 * The web app's `/config.json` on the local stack: sign in through the local issuer (served by
 * the gateway at its path), every API on the same origin, the seed voters to choose from.
 */
import { voterSeed } from '@evote/voters';
// The shape is the page's own (events/web is a folder of the events service, not a package).
import type { AppConfig } from '../../../events/web/src/config';
import { issuerPath } from '../local/auth/endpoints';
import type { LocalIssuer } from '../local/auth/issuer';

export function localWebConfig(issuer: LocalIssuer): AppConfig {
  return {
    signIn: 'local',
    issuer: issuerPath(issuer),
    clientId: issuer.identity.voterAudience,
    apiBase: { events: '', elections: '', audit: '', voters: '' },
    seedVoters: voterSeed.map(({ voterId, fullName }) => ({ voterId, fullName })),
  };
}
