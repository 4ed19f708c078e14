import { Inject, Injectable } from '@nestjs/common';
import { LOGGER, type Logger } from '@scale/telemetry';
import { AuditRepository } from './audit.repository';
import type { RunnerRequest } from './runner-request';
import type { Principal } from './token-registry';

interface FinishingResponse {
  readonly statusCode: number;
  readonly writableFinished?: boolean;
  once(event: 'finish' | 'close', listener: () => void): unknown;
}

/** nginx's code for "the client closed the connection before the answer": nothing was answered. */
const CLIENT_CLOSED = 499;

/**
 * The audit log is written ahead: a triggering request's row is in the database before the request
 * is acted on (or refused), so nothing happens unrecorded, even if the runner dies halfway; the
 * outcome (201, 409, 401 ...) is added once the answer has gone out. A runner that cannot write the
 * row does not act: the request fails with the database error.
 */
@Injectable()
export class AuditRecorder {
  constructor(
    private readonly repository: AuditRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async begin(request: RunnerRequest, response: FinishingResponse, principal: Principal | null): Promise<void> {
    const id = await this.repository.append({
      at: new Date(),
      actor: principal?.name ?? null,
      method: request.method,
      route: `${request.baseUrl ?? ''}${request.route?.path ?? request.path ?? ''}`,
      experimentId: request.params?.id ?? null,
      status: null,
      remoteAddress: request.ip ?? request.socket?.remoteAddress ?? null,
    });
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      const outcome = {
        status: response.writableFinished === false ? CLIENT_CLOSED : response.statusCode,
        experimentId: request.auditedExperimentId,
      };
      this.repository.complete(id, outcome).catch((error: unknown) => {
        this.logger.error({ err: error, auditId: id, outcome }, 'could not record the outcome of an audited request');
      });
    };
    response.once('finish', end);
    response.once('close', end);
  }
}
