import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FAULT_KINDS, TARGET_MODES, type ExperimentTarget, type FaultKind } from '@scale/chaos';
import type { SuiteExperimentView, SuiteView } from '../suite-views';

// These classes document the suites' views for OpenAPI; `implements` keeps them from drifting apart.

export class SuiteTargetDto implements ExperimentTarget {
  @ApiProperty({ example: 'scale-api', minLength: 1, maxLength: 200 })
  service!: string;
  @ApiPropertyOptional({ example: 'a', minLength: 1, maxLength: 200 })
  zone?: string;
  @ApiPropertyOptional({ enum: ['experiment'] })
  group?: 'experiment';
  @ApiProperty({ enum: TARGET_MODES })
  mode!: ExperimentTarget['mode'];
  @ApiPropertyOptional({ description: 'The count for `fixed`, the share for `percent`' })
  value?: number;
}

export class SuiteExpectedAlertDto {
  @ApiProperty({ example: 'TargetDown', minLength: 1, maxLength: 200 })
  alertname!: string;
  @ApiProperty({ minimum: 0, exclusiveMinimum: true, maximum: 3600, description: 'Deadline from the injection' })
  withinSeconds!: number;
}

export class SuiteExperimentDto implements SuiteExperimentView {
  @ApiProperty({ example: '03-pod-kill.json', description: 'The document’s file; the suite runs them in name order' })
  file!: string;
  @ApiProperty({ example: 'API survives losing a replica' })
  title!: string;
  @ApiProperty({ type: String, nullable: true })
  description!: string | null;
  @ApiProperty({ enum: FAULT_KINDS })
  faultKind!: FaultKind;
  @ApiProperty({ type: SuiteTargetDto })
  target!: SuiteTargetDto;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: "The fault's parameters, defaults applied",
  })
  params!: Record<string, unknown>;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 3600 })
  durationSeconds!: number;
  @ApiProperty({ type: [SuiteExpectedAlertDto] })
  expectedAlerts!: SuiteExpectedAlertDto[];
  @ApiProperty({ description: 'The document itself asks for a dry run (a run of the suite may also ask)' })
  dryRun!: boolean;
}

export class SuiteDto implements SuiteView {
  @ApiProperty({ example: 'default', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' })
  name!: string;
  @ApiProperty({ type: [SuiteExperimentDto], description: 'In the order they run', minItems: 1 })
  experiments!: SuiteExperimentDto[];
}
