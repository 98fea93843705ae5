import { busEvent } from '@evote/shared/testing';
import { DetailType } from '@evote/shared';
it('resolves', () => expect(busEvent(DetailType.VoteCast).source).toBe('evote.elections'));
