export {
  FAULT_KINDS,
  TARGET_MODES,
  experimentDocumentSchema,
  experimentDocumentJsonSchema,
  experimentDocumentOpenApiSchema,
  ExperimentDocumentError,
  parseExperimentDocument,
  groupQuery,
} from './experiment-document';
export type {
  FaultKind,
  TargetMode,
  ExperimentDocument,
  ExperimentDocumentInput,
  ExperimentFault,
  ExperimentTarget,
  ExperimentProbe,
  AbortCondition,
  ExpectedAlert,
  DocumentIssue,
} from './experiment-document';
export { mannWhitneyU, deviation, median, medianInterval } from './statistics';
export type { MannWhitneyResult, Deviation, MedianInterval } from './statistics';
export { evaluateTolerance } from './tolerance';
export type { Tolerance } from './tolerance';
export { selectTargets, assertExperimentOnly, TargetSelectionError } from './selection';
export type { Selectable, TargetSelector } from './selection';
export { detect, firstFiring, falseAlarms } from './detection';
export type { Firing, DetectionResult } from './detection';
export { DETECTION_PARTS, configuredFloor, detectionBreakdown, honestFloor, largestPart } from './detection-breakdown';
export type {
  DetectionBreakdown,
  DetectionFloor,
  DetectionMoments,
  DetectionPart,
  DetectionTimings,
  PartSeconds,
} from './detection-breakdown';
export { SEVERITY_TO_SEV, sevOf, mttrSeconds, mtbfSeconds, isNoisy, isoWeek } from './oncall';
export type { Severity, Sev } from './oncall';
export { LOSS_CLOSE_MS, TOXIC_PREFIX, toxicsFor } from './database-toxics';
export type { DatabaseLinkFault, Toxic } from './database-toxics';
