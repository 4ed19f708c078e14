import { DataSource, LessThan, type Repository } from 'typeorm';
import { AuditEntry } from './persistence/audit-entry.entity';

export type AuditRecord = Omit<AuditEntry, 'id'>;

export interface AuditEntryView {
  id: string;
  at: string;
  actor: string | null;
  method: string;
  route: string;
  experimentId: string | null;
  status: number | null;
  remoteAddress: string | null;
}

export interface AuditPage {
  entries: AuditEntryView[];
  /** Pass as `before` for the next (older) page; null on the last one. */
  nextBefore: string | null;
}

export class AuditRepository {
  private readonly entries: Repository<AuditEntry>;

  constructor(dataSource: DataSource) {
    this.entries = dataSource.getRepository(AuditEntry);
  }

  /** Records a request as it arrives; returns the row's id, to complete it with the outcome. */
  async append(record: AuditRecord): Promise<string> {
    const { identifiers } = await this.entries.insert(record);
    return String(identifiers[0].id);
  }

  /** The answer given; the experiment's id too when the request created it. */
  async complete(id: string, outcome: { status: number; experimentId?: string }): Promise<void> {
    await this.entries.update(id, {
      status: outcome.status,
      ...(outcome.experimentId && { experimentId: outcome.experimentId }),
    });
  }

  /** Newest first, paged by id (ids grow with time), so a page stays put while requests are logged. */
  async list(options: { limit: number; before?: string }): Promise<AuditPage> {
    const rows = await this.entries.find({
      where: options.before === undefined ? {} : { id: LessThan(options.before) },
      order: { id: 'DESC' },
      take: options.limit + 1,
    });
    const page = rows.slice(0, options.limit);
    return {
      entries: page.map((row) => ({ ...row, at: row.at.toISOString() })),
      nextBefore: rows.length > options.limit ? page[page.length - 1].id : null,
    };
  }
}
