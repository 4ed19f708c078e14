import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { LOGGER, METRICS_REGISTRY, type Logger } from '@scale/telemetry';
import { Counter, type Registry } from 'prom-client';
import { CredentialsRequiredError } from '../auth/auth-errors';
import { bearerToken } from '../auth/credentials';
import { header, type RunnerRequest } from '../auth/runner-request';
import { TokenRegistry } from '../auth/token-registry';
import { LEDGER_SETTINGS, type LedgerSettings } from './ledger-options';

const REFUSALS = 'scale_ledger_webhook_refusals_total';

/**
 * Alertmanager's door to the ledger: only its own bearer token opens it (a trigger token does not),
 * since every alert recorded moves MTTD, MTTR and the on-call figures. Each refusal is counted and
 * logged, without the token presented. Nest makes it for the controller's @UseGuards; listing it as a
 * provider too would make a second one, registering its counter twice.
 */
@Injectable()
export class WebhookTokenGuard implements CanActivate {
  private readonly tokens: TokenRegistry;
  private readonly refusals: Counter<'reason'>;

  constructor(
    @Inject(LEDGER_SETTINGS) private readonly settings: LedgerSettings,
    @Inject(METRICS_REGISTRY) registry: Registry,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    // The same timing-safe comparison as the trigger tokens', over a registry of this one token.
    const webhook = settings.webhookToken;
    this.tokens = new TokenRegistry({
      tokens: webhook === null ? [] : [{ name: 'alertmanager', token: webhook, access: 'read-only' }],
    });
    this.refusals = new Counter({
      name: REFUSALS,
      help: 'Notifications the alert webhook refused, by reason: no bearer token (missing) or not its token (unknown).',
      labelNames: ['reason'],
      registers: [registry],
    });
    for (const reason of ['missing', 'unknown']) this.refusals.inc({ reason }, 0);
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<RunnerRequest>();
    const presented = bearerToken(header(request, 'authorization'));
    if (presented !== null && this.tokens.identify(presented) !== null) return true;
    const reason = presented === null ? 'missing' : 'unknown';
    this.refusals.inc({ reason });
    this.logger.warn(
      { reason, remoteAddress: request.socket?.remoteAddress, configured: this.settings.webhookToken !== null },
      this.settings.webhookToken === null
        ? 'alert webhook refused a notification: RUNNER_WEBHOOK_TOKEN is not set, so no notification is accepted'
        : `alert webhook refused a notification: ${reason === 'missing' ? 'no bearer token' : 'not its bearer token'}`,
    );
    throw new CredentialsRequiredError(reason);
  }
}
