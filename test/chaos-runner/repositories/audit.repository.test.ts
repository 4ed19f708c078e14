import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { AuditRepository, type AuditRecord } from '../../../apps/chaos-runner/src/auth/audit.repository';
import { freshRunnerDatabase } from '../../support/repository-databases';

const at = (second: number) => new Date(Date.UTC(2025, 5, 1, 8, 0, second));

/** Request n of the log: odd ones start experiments as the operator, even ones try to halt anonymously. */
const request = (n: number): AuditRecord => ({
  at: at(n),
  actor: n % 2 === 1 ? 'operator' : null,
  method: 'POST',
  route: n % 2 === 1 ? '/experiments' : '/halt',
  experimentId: null,
  status: null,
  remoteAddress: '127.0.0.1',
});

describe('AuditRepository', () => {
  let dataSource: DataSource;
  let audit: AuditRepository;
  /** The ids of a page, and where the next one starts. */
  const page = async (limit: number, before?: string) => {
    const { entries, nextBefore } = await audit.list({ limit, before });
    return { ids: entries.map((entry) => entry.id), nextBefore };
  };

  beforeAll(async () => {
    dataSource = await freshRunnerDatabase();
    audit = new AuditRepository(dataSource);
  });
  afterAll(() => dataSource?.destroy());

  it('lists an empty page with no next one while the log is empty', async () => {
    expect(await audit.list({ limit: 10 })).toEqual({ entries: [], nextBefore: null });
    expect(await audit.list({ limit: 10, before: '5' })).toEqual({ entries: [], nextBefore: null });
  });

  describe('with twelve requests logged', () => {
    beforeAll(async () => {
      for (let n = 1; n <= 12; n++) expect(await audit.append(request(n))).toBe(String(n));
    });

    it('lists the newest first, as the view shows an entry', async () => {
      const { entries } = await audit.list({ limit: 2 });
      expect(entries).toEqual([
        {
          id: '12',
          at: '2025-06-01T08:00:12.000Z',
          actor: null,
          method: 'POST',
          route: '/halt',
          experimentId: null,
          status: null,
          remoteAddress: '127.0.0.1',
        },
        { ...entries[1], id: '11', actor: 'operator', route: '/experiments' },
      ]);
    });

    it('pages to the oldest entry without repeating or skipping one', async () => {
      expect(await page(5)).toEqual({ ids: ['12', '11', '10', '9', '8'], nextBefore: '8' });
      expect(await page(5, '8')).toEqual({ ids: ['7', '6', '5', '4', '3'], nextBefore: '3' });
      expect(await page(5, '3')).toEqual({ ids: ['2', '1'], nextBefore: null });
    });

    it('has no next page after a last page that is exactly full', async () => {
      expect(await page(4, '9')).toEqual({ ids: ['8', '7', '6', '5'], nextBefore: '5' });
      expect(await page(4, '5')).toEqual({ ids: ['4', '3', '2', '1'], nextBefore: null });
      expect(await page(12)).toEqual({
        ids: ['12', '11', '10', '9', '8', '7', '6', '5', '4', '3', '2', '1'],
        nextBefore: null,
      });
    });

    it('compares the cursor as a number, not as text', async () => {
      expect(await page(3, '10')).toEqual({ ids: ['9', '8', '7'], nextBefore: '7' });
      expect(await page(3, '100')).toEqual({ ids: ['12', '11', '10'], nextBefore: '10' });
      expect(await page(3, '1')).toEqual({ ids: [], nextBefore: null });
    });

    it('completes an entry with its status and the experiment it created', async () => {
      await audit.complete('11', { status: 201, experimentId: 'exp-11' });
      await audit.complete('12', { status: 423 });
      const { entries } = await audit.list({ limit: 2 });
      expect(entries.map(({ id, status, experimentId }) => ({ id, status, experimentId }))).toEqual([
        { id: '12', status: 423, experimentId: null },
        { id: '11', status: 201, experimentId: 'exp-11' },
      ]);
    });

    it('keeps the experiment id when completed again without one, and ignores an unknown entry', async () => {
      await audit.complete('11', { status: 499 });
      await audit.complete('999', { status: 200, experimentId: 'ghost' });
      const [row]: Array<{ status: number; experiment_id: string }> = await dataSource.query(
        `select status, experiment_id from audit_log where id = 11`,
      );
      expect(row).toEqual({ status: 499, experiment_id: 'exp-11' });
      expect((await page(20)).ids).toHaveLength(12);
    });

    it('refuses a status outside 100-599', async () => {
      await expect(audit.complete('10', { status: 600 })).rejects.toThrow(/check constraint/);
    });
  });
});
