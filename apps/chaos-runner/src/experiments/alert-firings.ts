import type { Firing } from '@scale/chaos';
import type { LedgerRepository } from '../ledger/ledger.repository';

/** The alert firings the verdict judges detection and false alarms by. */
export interface AlertFirings {
  /** Firings active at some moment of [from, to). */
  within(from: Date, to: Date): Promise<Firing[]>;
}

export const ALERT_FIRINGS = Symbol('ALERT_FIRINGS');

/** The firings Alertmanager reported to the ledger, with when the ledger first heard of each. */
export function ledgerFirings(ledger: Pick<LedgerRepository, 'spansWithin'>): AlertFirings {
  return {
    async within(from, to) {
      const spans = await ledger.spansWithin(from, to);
      return spans.map((span) => ({
        alertname: span.alertname,
        group: span.group ?? '',
        service: span.service ?? '',
        startsAt: span.startsAt,
        endsAt: span.endsAt,
        notifiedAt: span.firstSeenAt,
      }));
    },
  };
}
