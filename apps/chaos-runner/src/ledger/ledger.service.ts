import { Inject, Injectable, UnprocessableEntityException } from '@nestjs/common';
import type { Firing } from '@scale/chaos';
import { occurrencesOf } from './alert-occurrence';
import { AlertDto, AlertListDto } from './dto/alert.dto';
import { AlertsQuery } from './dto/alerts.query';
import { ServicesStatisticsDto, WeeklyStatisticsDto } from './dto/statistics.dto';
import { StatisticsQuery, WeeklyStatisticsQuery } from './dto/statistics.query';
import { WebhookReceiptDto } from './dto/webhook.dto';
import { EXPLANATION_WINDOWS, type ExplanationWindows } from './explanation-windows';
import type { LedgerAlert } from './ledger-alert';
import { LEDGER_SETTINGS, type LedgerSettings } from './ledger-options';
import { LedgerRepository } from './ledger.repository';
import { statisticsRange } from './statistics/range';
import { serviceStatistics } from './statistics/services';
import { weeklyStatistics } from './statistics/weekly';
import type { WebhookPayload } from './webhook-payload';

/** The alert ledger: what Alertmanager tells it, what it holds, and the on-call figures drawn from it. */
@Injectable()
export class LedgerService {
  constructor(
    private readonly repository: LedgerRepository,
    @Inject(EXPLANATION_WINDOWS) private readonly explanations: ExplanationWindows,
    @Inject(LEDGER_SETTINGS) private readonly settings: LedgerSettings,
  ) {}

  async receive(payload: WebhookPayload): Promise<WebhookReceiptDto> {
    const transitions = await this.repository.record(occurrencesOf(payload));
    const count = (...kinds: string[]) => transitions.filter((transition) => kinds.includes(transition)).length;
    return {
      received: payload.alerts.length,
      created: count('created-firing', 'created-resolved'),
      resolved: count('resolved'),
      unchanged: count('unchanged'),
      stale: count('stale'),
    };
  }

  async list(query: AlertsQuery): Promise<AlertListDto> {
    const alerts = await this.repository.list({
      group: query.group,
      service: query.service,
      alertname: query.alertname,
      since: query.since === undefined ? undefined : new Date(query.since),
      firing: query.firing,
      limit: query.limit,
    });
    return { items: alerts.map(alertDto) };
  }

  async weekly(query: WeeklyStatisticsQuery): Promise<WeeklyStatisticsDto> {
    const { from, to } = this.range(query);
    const noiseSeconds = query.noiseSeconds ?? this.settings.noiseSeconds;
    const [spans, windows] = await Promise.all([
      this.repository.spansWithin(from, to),
      this.explanations.windows(from, to),
    ]);
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      noiseSeconds,
      weeks: weeklyStatistics(spans, { from, to, noiseSeconds, windows }),
    };
  }

  async services(query: StatisticsQuery): Promise<ServicesStatisticsDto> {
    const { from, to } = this.range(query);
    const spans = await this.repository.spansWithin(from, to);
    return { from: from.toISOString(), to: to.toISOString(), services: serviceStatistics(spans, { from, to }) };
  }

  /**
   * The alerts firing at some moment of [from, to], in the shape libs/chaos `detect` and `falseAlarms`
   * read: the experiments module measures MTTD with them, since only it knows the injection times.
   */
  async firings(from: Date, to: Date): Promise<Firing[]> {
    const spans = await this.repository.spansWithin(from, new Date(to.getTime() + 1));
    return spans.map((span) => ({
      alertname: span.alertname,
      service: span.service ?? '',
      group: span.group ?? '',
      startsAt: span.startsAt,
      endsAt: span.endsAt,
    }));
  }

  private range(query: StatisticsQuery): { from: Date; to: Date } {
    try {
      return statisticsRange(query, new Date());
    } catch (error) {
      // Each date is valid on its own (the query's validation saw to that); together they make no range.
      if (error instanceof RangeError) throw new UnprocessableEntityException([error.message]);
      throw error;
    }
  }
}

function alertDto(alert: LedgerAlert): AlertDto {
  return {
    id: alert.id,
    fingerprint: alert.fingerprint,
    alertname: alert.alertname,
    service: alert.service,
    group: alert.group,
    zone: alert.zone,
    instance: alert.instance,
    severity: alert.severity,
    sev: alert.sev,
    status: alert.endsAt === null ? 'firing' : 'resolved',
    startsAt: alert.startsAt.toISOString(),
    endsAt: alert.endsAt?.toISOString() ?? null,
    durationSeconds: alert.endsAt === null ? null : (alert.endsAt.getTime() - alert.startsAt.getTime()) / 1000,
    firstSeenAt: alert.firstSeenAt.toISOString(),
    resolvedSeenAt: alert.resolvedSeenAt?.toISOString() ?? null,
    labels: { ...alert.labels },
    annotations: { ...alert.annotations },
    generatorUrl: alert.generatorUrl,
  };
}
