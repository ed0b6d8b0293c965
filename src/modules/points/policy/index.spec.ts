import * as policy from './index';

describe('policy index', () => {
  it('exports the whole earning policy from one entry point', () => {
    const expected = [
      'parseDecimal4',
      'formatDecimal4',
      'isValidDecimal4',
      'basePoints',
      'resolveSaleTime',
      'MAX_SALE_TIME_AHEAD_MS',
      'MAX_SALE_AGE_MS',
      'isBonusActive',
      'bestBonus',
      'isValidTimeZone',
      'isValidClockTime',
      'isValidIsoDate',
      'tierFor',
      'isTierAtLeast',
      'tierRank',
      'productPoints',
      'sumLineItemsCents',
      'decideAward',
      'isAmountTooLow',
      'MIN_POINTS',
    ];
    for (const name of expected) {
      expect(policy).toHaveProperty(name);
    }
  });
});
