import { localDayEndAfter, startOfLocalDate } from './local-day-end';

describe('the end of the local day that points expire at', () => {
  it('is the local midnight that ends the day `days` days after the sale day', () => {
    // 1 day after a sale on 10 March in Paris (UTC+1): the end of 11 March, 00:00 on the 12th local.
    expect(localDayEndAfter(new Date('2026-03-10T15:00:00Z'), 1, 'Europe/Paris').toISOString()).toBe('2026-03-11T23:00:00.000Z');
  });

  it('counts from the local day, not the UTC day: 23:30 UTC is already tomorrow in Paris', () => {
    expect(localDayEndAfter(new Date('2026-03-10T23:30:00Z'), 1, 'Europe/Paris').toISOString()).toBe('2026-03-12T23:00:00.000Z');
  });

  it('stays at local midnight across the spring change in Europe/Paris (29 March 2026)', () => {
    // Sale on 28 March (UTC+1); 2 days later is 30 March, which ends at 00:00 local on the 31st, now UTC+2.
    expect(localDayEndAfter(new Date('2026-03-28T12:00:00Z'), 2, 'Europe/Paris').toISOString()).toBe('2026-03-30T22:00:00.000Z');
    // The day of the change itself has 23 hours: it still ends at local midnight.
    expect(localDayEndAfter(new Date('2026-03-28T12:00:00Z'), 1, 'Europe/Paris').toISOString()).toBe('2026-03-29T22:00:00.000Z');
  });

  it('stays at local midnight across the autumn change in Europe/Paris (25 October 2026)', () => {
    expect(localDayEndAfter(new Date('2026-10-24T12:00:00Z'), 1, 'Europe/Paris').toISOString()).toBe('2026-10-25T23:00:00.000Z');
  });

  it('stays at local midnight across the changes in America/New_York (8 March, 1 November 2026)', () => {
    expect(localDayEndAfter(new Date('2026-03-07T17:00:00Z'), 1, 'America/New_York').toISOString()).toBe('2026-03-09T04:00:00.000Z');
    expect(localDayEndAfter(new Date('2026-10-31T17:00:00Z'), 1, 'America/New_York').toISOString()).toBe('2026-11-02T05:00:00.000Z');
    // A sale at 23:30 local (04:30 UTC the next day) belongs to the local day.
    expect(localDayEndAfter(new Date('2026-03-08T03:30:00Z'), 1, 'America/New_York').toISOString()).toBe('2026-03-09T04:00:00.000Z');
  });

  it('finds the start of a day whose midnight does not exist (America/Santiago springs forward at 00:00)', () => {
    // 6 September 2026: clocks go from 00:00 to 01:00 (UTC−4 to UTC−3); the day starts at 01:00 local.
    expect(startOfLocalDate('2026-09-06', 'America/Santiago').toISOString()).toBe('2026-09-06T04:00:00.000Z');
  });

  it('in UTC, is whole days', () => {
    expect(localDayEndAfter(new Date('2026-12-31T10:00:00Z'), 365, 'UTC').toISOString()).toBe('2028-01-01T00:00:00.000Z');
  });
});
