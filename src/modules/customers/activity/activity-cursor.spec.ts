import { decodeActivityCursor, encodeActivityCursor, isCursorOf } from './activity-cursor';

const sophie = { organizationId: '6f1c3a52-8a7e-4c55-9d8e-2b0f1f7f0a11', streamId: '0b4f6c1e-3d2a-4e5f-8a9b-1c2d3e4f5a6b' };
const other = { ...sophie, streamId: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b' };
const otherOrganization = { ...sophie, organizationId: '11111111-2222-4333-8444-555555555555' };

describe('activity cursors', () => {
  it('carry the version to continue below, for the customer they were made for', () => {
    const cursor = decodeActivityCursor(encodeActivityCursor(sophie, 231));
    expect(cursor).toMatchObject({ beforeVersion: 231 });
    expect(isCursorOf(cursor!, sophie)).toBe(true);
  });

  it('are refused for another customer, or the same stream id in another organization', () => {
    const cursor = decodeActivityCursor(encodeActivityCursor(sophie, 12))!;
    expect(isCursorOf(cursor, other)).toBe(false);
    expect(isCursorOf(cursor, otherOrganization)).toBe(false);
  });

  it('are opaque: they show neither the stream id nor the organization', () => {
    const text = encodeActivityCursor(sophie, 12);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(text, 'base64url').toString()).not.toContain(sophie.streamId.slice(0, 8));
  });

  it.each([
    '',
    'x',
    '!!!',
    Buffer.from('0.abcdefghijklmnop').toString('base64url'),
    Buffer.from('12.short').toString('base64url'),
    Buffer.from('99999999999.abcdefghijklmnop').toString('base64url'),
    Buffer.from('-3.abcdefghijklmnop').toString('base64url'),
    'a'.repeat(65),
  ])('are not read from text they were not made as (%s)', (text) => {
    expect(decodeActivityCursor(text)).toBeNull();
  });
});
