import { SetMetadata } from '@nestjs/common';

/** `read`: any known token. `trigger`: a read-write token; the request is also written to the audit log. */
export type RequiredAccess = 'read' | 'trigger';

export const REQUIRED_ACCESS = 'scale:required-access';

/** What a route needs; a guarded route that does not say is treated as `trigger` (closed by default). */
export const RequireAccess = (access: RequiredAccess) => SetMetadata(REQUIRED_ACCESS, access);
