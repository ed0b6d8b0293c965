import { keyRangeCondition } from './stream-range';

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';
const S = '33333333-3333-4333-8333-333333333333';
const T = '44444444-4444-4444-8444-444444444444';

describe('the SQL condition of a range of streams', () => {
  const condition = (range: Parameters<typeof keyRangeCondition>[0]) => keyRangeCondition(range, 'o', 's');

  it('bounds the stream id alone within one organization (what the planner can estimate)', () => {
    expect(condition({ organizationId: A, from: { organizationId: A, streamId: S }, to: { organizationId: A, streamId: T } })).toBe(
      `o = '${A}'::uuid AND s >= '${S}'::uuid AND s < '${T}'::uuid`,
    );
    expect(condition({ from: { organizationId: A, streamId: S }, to: { organizationId: A, streamId: T } })).toBe(
      `o = '${A}'::uuid AND s >= '${S}'::uuid AND s < '${T}'::uuid`,
    );
    expect(condition({ organizationId: A, to: { organizationId: A, streamId: T } })).toBe(`o = '${A}'::uuid AND s < '${T}'::uuid`);
  });

  it('compares (organization, stream) keys across organizations, and takes everything unbounded', () => {
    expect(condition({ from: { organizationId: A, streamId: S }, to: { organizationId: B, streamId: T } })).toBe(
      `(o, s) >= ('${A}'::uuid, '${S}'::uuid) AND (o, s) < ('${B}'::uuid, '${T}'::uuid)`,
    );
    expect(condition({ to: { organizationId: B, streamId: T } })).toBe(`(o, s) < ('${B}'::uuid, '${T}'::uuid)`);
    expect(condition({})).toBe('true');
  });

  it('refuses anything but a uuid (the condition is written with literals)', () => {
    expect(() => condition({ organizationId: "x' OR true --" })).toThrow(/not a uuid/);
  });
});
