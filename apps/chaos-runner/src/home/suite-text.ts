import type { SuiteExperimentView } from '../suites/suite-views';

/** What an experiment of a suite will hit, in words: `scale-api in zone a · one replica`. */
export function targetText({ target, params }: Pick<SuiteExperimentView, 'target' | 'params'>): string {
  const zone = target.zone ?? (typeof params.zone === 'string' ? params.zone : undefined);
  const where = zone ? `${target.service} in zone ${zone}` : target.service;
  return `${where} · ${howMany(target)}`;
}

function howMany(target: SuiteExperimentView['target']): string {
  switch (target.mode) {
    case 'one':
      return 'one replica';
    case 'all':
      return 'every replica';
    case 'fixed':
      return `${target.value ?? '?'} replica(s)`;
    case 'percent':
      return `${target.value ?? '?'} % of the replicas`;
  }
}
