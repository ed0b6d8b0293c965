import { ApiError } from '../../common/errors/api-error';

export class RewardNotFoundError extends ApiError {
  constructor() {
    super('reward_not_found', 'No active, currently available reward has this id.');
  }
}

export class TierLockedError extends ApiError {
  constructor(requiredTier: string) {
    super('tier_locked', `This reward needs the ${requiredTier} tier.`);
  }
}

export class RewardUnavailableError extends ApiError {
  constructor() {
    super('reward_unavailable', 'This reward is out of stock.');
  }
}

export class InsufficientPointsError extends ApiError {
  constructor() {
    super('insufficient_points', 'The customer does not have enough points for this reward.');
  }
}

export class RedemptionNotFoundError extends ApiError {
  constructor() {
    super('redemption_not_found', 'No redemption of this organization has this id.');
  }
}
