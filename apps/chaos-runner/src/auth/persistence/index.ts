import { AuditEntry } from './audit-entry.entity';
import { AuditLog1765200000000 } from './migrations/1765200000000-audit-log';

export { AuditEntry };
export const AUTH_ENTITIES = [AuditEntry];
export const AUTH_MIGRATIONS = [AuditLog1765200000000];
