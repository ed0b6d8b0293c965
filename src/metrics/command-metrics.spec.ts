import { ApiError } from '../common/errors/api-error';
import { commandLabel, commandOutcome } from './command-metrics';

class AwardPointsCommand {}
class RedeemRewardCommand {}
class HTTP2ProbeCommand {}

describe('command labels', () => {
  it('name a command by its class, in snake case without "Command": bounded by the code, never by a value', () => {
    expect(commandLabel(new AwardPointsCommand())).toBe('award_points');
    expect(commandLabel(new RedeemRewardCommand())).toBe('redeem_reward');
    expect(commandLabel(new HTTP2ProbeCommand())).toBe('http2_probe');
  });

  it('give the outcome as ok, or as the error code the client is answered with', () => {
    expect(commandOutcome()).toBe('ok');
    expect(commandOutcome(new ApiError('insufficient_points', 'Not enough points.'))).toBe('insufficient_points');
    // The database out of reach is answered 503 unavailable; an unknown failure 500.
    expect(commandOutcome(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe('unavailable');
    expect(commandOutcome(new Error('boom'))).toBe('internal_error');
  });
});
