import { clockTimeToMinutes, isValidClockTime, isValidIsoDate, isValidTimeZone } from './calendar-values';

describe('isValidClockTime', () => {
  it.each(['00:00', '09:30', '12:00', '23:59'])('accepts "%s"', (value) => {
    expect(isValidClockTime(value)).toBe(true);
  });

  it.each(['24:00', '23:60', '9:30', '09:3', '0930', '09:30:00', ' 09:30', '', '-1:00', null, 930])('rejects %p', (value) => {
    expect(isValidClockTime(value)).toBe(false);
  });
});

describe('clockTimeToMinutes', () => {
  it('counts minutes since midnight', () => {
    expect(clockTimeToMinutes('00:00')).toBe(0);
    expect(clockTimeToMinutes('17:45')).toBe(1_065);
    expect(clockTimeToMinutes('23:59')).toBe(1_439);
  });

  it('throws RangeError for a malformed time', () => {
    expect(() => clockTimeToMinutes('25:00')).toThrow(RangeError);
  });
});

describe('isValidIsoDate', () => {
  const realDates = ['2026-01-01', '2026-12-31', '2024-02-29', '2000-02-29', '0001-01-01'];
  it.each(realDates)('accepts the real date %s', (value) => {
    expect(isValidIsoDate(value)).toBe(true);
  });

  const notDates = ['2026-02-29', '1900-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-01-00'];
  const malformed = ['2026-1-01', '26-01-01', '2026-01-01T00:00', '', null];
  it.each([...notDates, ...malformed])('rejects %p', (value) => {
    expect(isValidIsoDate(value)).toBe(false);
  });
});

describe('isValidTimeZone', () => {
  it.each(['Europe/Paris', 'America/New_York', 'Asia/Tokyo', 'UTC'])('accepts the IANA zone %s', (value) => {
    expect(isValidTimeZone(value)).toBe(true);
  });

  it.each(['Mars/Olympus', 'Paris', '', '   ', null, 42])('rejects %p', (value) => {
    expect(isValidTimeZone(value)).toBe(false);
  });
});
