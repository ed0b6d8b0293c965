import { SetMetadata } from '@nestjs/common';
import { RouteMetadataCache } from './route-metadata-cache';

const LIMIT = 'test:limit';

@SetMetadata(LIMIT, 10)
class Routes {
  @SetMetadata(LIMIT, 3)
  strict() {}

  loose() {}
}

describe('RouteMetadataCache', () => {
  it('answers like Reflector: the handler first, then the class', () => {
    const cache = new RouteMetadataCache();
    expect(cache.getAllAndOverride(LIMIT, [Routes.prototype.strict, Routes])).toBe(3);
    expect(cache.getAllAndOverride(LIMIT, [Routes.prototype.loose, Routes])).toBe(10);
    expect(cache.getAllAndOverride('test:absent', [Routes.prototype.loose, Routes])).toBeUndefined();
  });

  it('reads each route and key once, remembering an absent value too', () => {
    const cache = new RouteMetadataCache();
    const read = jest.spyOn(Reflect, 'getMetadata');
    for (let i = 0; i < 3; i++) {
      expect(cache.getAllAndOverride(LIMIT, [Routes.prototype.strict, Routes])).toBe(3);
      expect(cache.getAllAndOverride('test:absent', [Routes.prototype.strict, Routes])).toBeUndefined();
    }
    expect(read.mock.calls.filter(([key]) => key === LIMIT)).toHaveLength(1);
    expect(read.mock.calls.filter(([key]) => key === 'test:absent')).toHaveLength(2);
    read.mockRestore();
  });
});
