import { AdminToken } from './admin-token';
import { bearerToken } from './bearer-token';

describe('bearerToken', () => {
  it.each([
    ['Bearer abc', 'abc'],
    ['bearer abc', 'abc'],
    ['BEARER   abc', 'abc'],
    ['Bearer lp_live_x_y', 'lp_live_x_y'],
  ])('reads %p', (header, token) => {
    expect(bearerToken(header)).toBe(token);
  });

  it.each([[undefined], [''], ['Bearer'], ['Bearer '], ['Basic abc'], ['abc'], ['Bearer a b'], ['Token abc'], [['Bearer abc']]])('refuses %p', (header) => {
    expect(bearerToken(header)).toBeNull();
  });
});

describe('AdminToken', () => {
  const token = 'a-long-enough-admin-token';

  it('matches only the configured token', () => {
    const admin = new AdminToken(token);
    expect(admin.matches(token)).toBe(true);
    expect(admin.matches(token + 'x')).toBe(false);
    expect(admin.matches(token.slice(0, -1))).toBe(false);
    expect(admin.matches('')).toBe(false);
    expect(admin.matches(null)).toBe(false);
  });

  it('matches nothing when no token is configured', () => {
    for (const configured of [undefined, '']) {
      const admin = new AdminToken(configured);
      expect(admin.configured).toBe(false);
      expect(admin.matches('')).toBe(false);
      expect(admin.matches('anything')).toBe(false);
    }
  });
});
