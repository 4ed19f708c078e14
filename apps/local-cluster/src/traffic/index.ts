export { startTraffic } from './traffic-generator';
export type { RunningTraffic, TrafficOptions } from './traffic-generator';
export type { GroupTrafficStats, TrafficGroup, TrafficStats } from './traffic-meter';
export type { RequestKind } from './request-plan';
export type { RequestOutcome } from './request-outcome';
