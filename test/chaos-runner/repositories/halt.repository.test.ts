import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { HaltRepository } from '../../../apps/chaos-runner/src/halt/halt.repository';
import { freshRunnerDatabase } from '../../support/repository-databases';

describe('HaltRepository', () => {
  let dataSource: DataSource;
  let halts: HaltRepository;
  /** Every halt ever recorded, by id. */
  const history = (): Promise<
    Array<{ id: string; halted_by: string; reason: string | null; released_by: string | null }>
  > => dataSource.query(`select id, halted_by, reason, released_by from runner_halt order by id`);

  beforeAll(async () => {
    dataSource = await freshRunnerDatabase();
    halts = new HaltRepository(dataSource);
  });
  afterAll(() => dataSource?.destroy());

  it('is not halted, and has nothing to release, before any halt', async () => {
    expect(await halts.current()).toBeNull();
    expect(await halts.release('carol')).toBe(false);
    expect(await history()).toEqual([]);
  });

  it('halts with its author and reason', async () => {
    await halts.halt('alice', 'maintenance window');
    expect(await halts.current()).toEqual({
      id: '1',
      haltedBy: 'alice',
      reason: 'maintenance window',
      haltedAt: expect.any(Date),
      releasedBy: null,
      releasedAt: null,
    });
  });

  it('keeps the first halt when halted again, writing nothing', async () => {
    await halts.halt('bob', 'second opinion');
    expect((await halts.current())?.haltedBy).toBe('alice');
    expect(await history()).toEqual([{ id: '1', halted_by: 'alice', reason: 'maintenance window', released_by: null }]);
  });

  it('releases the halt once; releasing again changes nothing', async () => {
    expect(await halts.release('carol')).toBe(true);
    expect(await halts.current()).toBeNull();
    expect(await halts.release('dave')).toBe(false);
    const [released]: Array<{ released_by: string; released_at: Date }> = await dataSource.query(
      `select released_by, released_at from runner_halt where id = 1`,
    );
    expect(released).toEqual({ released_by: 'carol', released_at: expect.any(Date) });
  });

  it('halts anew after a release, without a reason, keeping the history', async () => {
    await halts.halt('bob', null);
    // Id 2 went to bob's refused halt: an insert that does nothing on conflict still draws an identity.
    expect(await halts.current()).toMatchObject({ id: '3', haltedBy: 'bob', reason: null, releasedAt: null });
    expect(await history()).toEqual([
      { id: '1', halted_by: 'alice', reason: 'maintenance window', released_by: 'carol' },
      { id: '3', halted_by: 'bob', reason: null, released_by: null },
    ]);
  });
});
