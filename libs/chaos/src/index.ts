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
export { mannWhitneyU, deviation, median } from './statistics';
export type { MannWhitneyResult, Deviation } from './statistics';
export { evaluateTolerance } from './tolerance';
export type { Tolerance } from './tolerance';
export { selectTargets, assertExperimentOnly, TargetSelectionError } from './selection';
export type { Selectable, TargetSelector } from './selection';
export { detectionFloorSeconds, detect, falseAlarms } from './detection';
export type { Firing, DetectionResult } from './detection';
export { SEVERITY_TO_SEV, sevOf, mttrSeconds, mtbfSeconds, isNoisy, isoWeek } from './oncall';
export type { Severity, Sev } from './oncall';
