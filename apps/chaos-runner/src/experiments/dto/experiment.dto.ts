import { ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { FAULT_KINDS, type ExperimentDocument } from '@scale/chaos';
import type {
  DetectionVerdict,
  ExperimentDetail,
  ExperimentReportData,
  ExperimentStatus,
  ExperimentSummary,
  JournalEntry,
  ProbeVerdict,
  Verdict,
} from '../experiment-views';
import { DetectionBreakdownDto, DetectionFloorDto } from './detection.dto';

// These classes document the engine's views for OpenAPI; `implements` keeps them from drifting apart.

const STATUSES: ExperimentStatus[] = [
  'pending',
  'checking-steady-state',
  'injecting',
  'running',
  'reverting',
  'verifying',
  'completed',
  'aborted',
  'failed',
  'refused',
];

export class JournalEntryDto implements JournalEntry {
  @ApiProperty({ format: 'date-time' })
  at!: string;
  @ApiProperty({ example: 'injected' })
  step!: string;
  @ApiProperty({ type: 'object', additionalProperties: true })
  detail!: Record<string, unknown>;
}

export class ProbeVerdictDto implements ProbeVerdict {
  @ApiProperty({ example: 'api p95' })
  name!: string;
  @ApiProperty({ type: Number, nullable: true, description: 'Median of the control group over the fault window' })
  controlMedian!: number | null;
  @ApiProperty({ type: Number, nullable: true })
  experimentMedian!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'experiment median / control median' })
  ratio!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Mann-Whitney U, two-sided, over per-interval samples' })
  pValue!: number | null;
  @ApiProperty({ description: 'Whether the tolerance held' })
  holds!: boolean;
  @ApiProperty({ example: 'experiment ≤ control × 1.5' })
  limit!: string;
}

export class DetectionResultDto implements DetectionVerdict {
  @ApiProperty({ example: 'TargetDown' })
  alertname!: string;
  @ApiProperty()
  detected!: boolean;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Injection → the notification of its first firing in the experiment group reaching the alert ledger',
  })
  mttdSeconds!: number | null;
  @ApiProperty()
  withinDeadline!: boolean;
  @ApiProperty({
    type: DetectionBreakdownDto,
    nullable: true,
    description: 'Where the MTTD went, part by part (they add up to it); null when the alert did not fire',
  })
  breakdown!: DetectionBreakdownDto | null;
  @ApiProperty({
    type: DetectionFloorDto,
    nullable: true,
    description:
      'What detection takes when nothing but what cannot be removed holds it up, scrapes and evaluations at their worst alignment: the configured parts, plus the measured ones once it fired; null when Prometheus had no rule of that name',
  })
  floor!: DetectionFloorDto | null;
}

export class VerdictDto implements Verdict {
  @ApiProperty({ enum: ['held', 'deviated', 'not-evaluated'] })
  hypothesis!: 'held' | 'deviated' | 'not-evaluated';
  @ApiProperty({ description: 'Steady state came back after the fault was reverted' })
  recovered!: boolean;
  @ApiProperty({ type: [ProbeVerdictDto] })
  probes!: ProbeVerdictDto[];
  @ApiProperty({ type: [DetectionResultDto] })
  detection!: DetectionResultDto[];
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Control-group alert firings during the experiment' })
  falseAlarms!: number;
  @ApiProperty({ type: Number, nullable: true })
  mttrSeconds!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Injection → steady state back' })
  recoverySeconds!: number | null;
  @ApiProperty({
    description: 'The smallest of the expected alerts’ floors (`detection[].floor.total`); 0 without expected alerts',
  })
  detectionFloorSeconds!: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'What the data-integrity check found',
  })
  integrity!: unknown | null;
}

export class ExperimentSummaryDto implements ExperimentSummary {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty()
  title!: string;
  @ApiProperty({ enum: STATUSES })
  status!: ExperimentStatus;
  @ApiProperty({ enum: FAULT_KINDS, example: 'pod-kill' })
  faultKind!: string;
  @ApiProperty({ description: 'Name of the token that started it' })
  createdBy!: string;
  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  startedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  endedAt!: string | null;
  @ApiProperty({ type: VerdictDto, nullable: true })
  verdict!: VerdictDto | null;
}

export class ExperimentDetailDto extends ExperimentSummaryDto implements ExperimentDetail {
  @ApiProperty({
    allOf: [{ $ref: getSchemaPath('ExperimentDocument') }],
    description: 'The document as validated, defaults applied',
  })
  document!: ExperimentDocument;
  @ApiProperty({ type: [String], description: 'Replica ids of the experiment group the fault was planned for' })
  targets!: string[];
  @ApiProperty({ type: [JournalEntryDto] })
  journal!: JournalEntryDto[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  injectedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  detectedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  recoveredAt!: string | null;
  @ApiProperty({ type: String, nullable: true })
  abortReason!: string | null;
}

export class ReportSeriesDto {
  @ApiProperty({ example: 'p95 latency' })
  name!: string;
  @ApiProperty({ example: 'seconds' })
  unit!: string;
  @ApiProperty({
    description: '[unix seconds, value] pairs; null where there was no value',
    type: 'array',
    items: { type: 'array', items: { type: 'number', nullable: true } },
  })
  control!: Array<[number, number]>;
  @ApiProperty({ type: 'array', items: { type: 'array', items: { type: 'number', nullable: true } } })
  experiment!: Array<[number, number]>;
}

export class ReportMarkerDto {
  @ApiProperty({ description: 'unix seconds' })
  at!: number;
  @ApiProperty({ enum: ['start', 'injection', 'detection', 'recovery', 'end'] })
  label!: 'start' | 'injection' | 'detection' | 'recovery' | 'end';
}

export class ExperimentReportDataDto implements ExperimentReportData {
  @ApiProperty({ type: ExperimentDetailDto })
  detail!: ExperimentDetailDto;
  @ApiProperty({ type: [ReportSeriesDto] })
  series!: ReportSeriesDto[];
  @ApiProperty({ type: [ReportMarkerDto] })
  markers!: ReportMarkerDto[];
}
