import { ApiProperty } from '@nestjs/swagger';
import {
  SUITE_RUN_STATUSES,
  SUITE_STEP_STATUSES,
  type SuiteRunStatus,
  type SuiteRunStep,
  type SuiteRunView,
  type SuiteStepStatus,
} from '../suite-views';

export class SuiteRunStepDto implements SuiteRunStep {
  @ApiProperty({ example: '03-pod-kill.json' })
  file!: string;
  @ApiProperty({ example: 'API survives losing a replica' })
  title!: string;
  @ApiProperty({
    enum: SUITE_STEP_STATUSES,
    description:
      '`waiting` its turn; `running` while its experiment is under way; then how the experiment ended; `not-started` ' +
      'when the runner refused to start it (`detail` says why); `interrupted` when the runner stopped during it; ' +
      '`skipped` when the run ended before its turn',
  })
  status!: SuiteStepStatus;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The experiment it started' })
  experimentId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why it was not started' })
  detail!: string | null;
}

export class SuiteRunDto implements SuiteRunView {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ example: 'default' })
  suite!: string;
  @ApiProperty({ description: 'Every experiment of the run is a dry run: targets chosen, nothing injected' })
  dryRun!: boolean;
  @ApiProperty({
    enum: SUITE_RUN_STATUSES,
    description:
      '`completed`: every experiment had its turn, whatever its verdict; `halted`: the runner was halted, the rest ' +
      'were not started; `failed`: the runner could not go on; `interrupted`: the runner stopped during the run ' +
      '(runs are not resumed when it starts again)',
  })
  status!: SuiteRunStatus;
  @ApiProperty({ description: 'Name of the token that started it' })
  createdBy!: string;
  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  endedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why it ended otherwise than completed' })
  reason!: string | null;
  @ApiProperty({ type: [SuiteRunStepDto], description: "The suite's experiments, in the order they run" })
  experiments!: SuiteRunStepDto[];
}
