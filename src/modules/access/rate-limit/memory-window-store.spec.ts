import { MemoryWindowStore } from './memory-window-store';

describe('MemoryWindowStore', () => {
  let now = 1_000_000;
  const store = () => new MemoryWindowStore(() => now);

  beforeEach(() => {
    now = 1_000_000;
  });

  it('counts hits in a fixed window and reports the time left', async () => {
    const s = store();
    expect(await s.hit('k', 60_000, 5, 0)).toEqual({ hits: 1, msToReset: 60_000 });
    now += 10_000;
    expect(await s.hit('k', 60_000, 5, 0)).toEqual({ hits: 2, msToReset: 50_000 });
  });

  it('starts again from zero once the window has ended', async () => {
    const s = store();
    for (let i = 0; i < 7; i++) await s.hit('k', 60_000, 5, 0);
    now += 60_000;
    expect(await s.hit('k', 60_000, 5, 0)).toEqual({ hits: 1, msToReset: 60_000 });
  });

  it('keeps separate counts per key', async () => {
    const s = store();
    await s.hit('a', 60_000, 5, 0);
    await s.hit('a', 60_000, 5, 0);
    expect((await s.hit('b', 60_000, 5, 0)).hits).toBe(1);
  });

  it('stretches the window to the block duration on the hit that first goes over the limit', async () => {
    const s = store();
    for (let i = 0; i < 5; i++) await s.hit('k', 60_000, 5, 120_000);
    now += 30_000;
    expect(await s.hit('k', 60_000, 5, 120_000)).toEqual({ hits: 6, msToReset: 120_000 });
    now += 1_000;
    expect(await s.hit('k', 60_000, 5, 120_000)).toEqual({ hits: 7, msToReset: 119_000 }); // not stretched again
  });

  it('peeks without counting', async () => {
    const s = store();
    expect(await s.peek('k')).toEqual({ hits: 0, msToReset: 0 });
    await s.hit('k', 60_000, 5, 0);
    expect(await s.peek('k')).toEqual({ hits: 1, msToReset: 60_000 });
    expect(await s.peek('k')).toEqual({ hits: 1, msToReset: 60_000 });
    now += 60_000;
    expect(await s.peek('k')).toEqual({ hits: 0, msToReset: 0 });
  });

  it('forgets ended windows', async () => {
    const s = store();
    await s.hit('old', 1_000, 5, 0);
    now += 61_000;
    await s.hit('new', 1_000, 5, 0);
    expect(s.size).toBe(1);
  });
});
