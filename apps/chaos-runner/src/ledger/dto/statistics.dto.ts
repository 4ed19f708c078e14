import { ApiProperty } from '@nestjs/swagger';

export class ServiceCountDto {
  @ApiProperty({ description: "The alerts' service label; empty when they had none", example: 'scale-api' })
  service!: string;
  @ApiProperty({ description: "The alerts' group label; empty when they had none", example: 'experiment' })
  group!: string;
  @ApiProperty({ type: 'integer', minimum: 0 })
  count!: number;
}

export class AlertCountDto extends ServiceCountDto {
  @ApiProperty({ example: 'TargetDown' })
  alertname!: string;
}

export class SevCountDto {
  @ApiProperty({ enum: ['SEV1', 'SEV2', 'SEV3', 'SEV4'] })
  sev!: string;
  @ApiProperty({ type: 'integer', minimum: 0 })
  count!: number;
}

export class WeekStatisticsDto {
  @ApiProperty({ description: 'ISO 8601 week (UTC)', example: '2026-W02' })
  week!: string;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Alert occurrences that started this week' })
  alerts!: number;
  @ApiProperty({ type: [ServiceCountDto] })
  alertsByService!: ServiceCountDto[];
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: 'Occurrences that resolved by themselves within noiseSeconds with no experiment or action behind them',
  })
  noisy!: number;
  @ApiProperty({ type: [AlertCountDto] })
  noisyAlerts!: AlertCountDto[];
  @ApiProperty({
    type: [AlertCountDto],
    description: 'The 20 most frequent alerts (name, service, group), most frequent first',
  })
  topAlerts!: AlertCountDto[];
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: 'Incidents (overlapping alerts of one service and group) that started this week',
  })
  incidents!: number;
  @ApiProperty({
    type: [SevCountDto],
    description: 'Every SEV level, most severe first; an incident has the level of its most severe alert',
  })
  incidentsBySev!: SevCountDto[];
  @ApiProperty({ type: [ServiceCountDto] })
  incidentsByService!: ServiceCountDto[];
}

export class WeeklyStatisticsDto {
  @ApiProperty({ format: 'date-time' })
  from!: string;
  @ApiProperty({ format: 'date-time' })
  to!: string;
  @ApiProperty({ type: 'integer', minimum: 0 })
  noiseSeconds!: number;
  @ApiProperty({ type: [WeekStatisticsDto], description: 'Every ISO week of the range, oldest first' })
  weeks!: WeekStatisticsDto[];
}

export class TimeToResolveDto {
  @ApiProperty({ nullable: true, type: Number })
  meanSeconds!: number | null;
  @ApiProperty({ nullable: true, type: Number })
  p50Seconds!: number | null;
  @ApiProperty({ nullable: true, type: Number })
  p90Seconds!: number | null;
}

export class ServiceStatisticsDto {
  @ApiProperty({ example: 'scale-api' })
  service!: string;
  @ApiProperty({ example: 'experiment' })
  group!: string;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Alert occurrences that started in the range' })
  alerts!: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Of those, the ones still firing' })
  firing!: number;
  @ApiProperty({ type: TimeToResolveDto, description: 'Firing to resolved, over each resolved alert' })
  timeToResolve!: TimeToResolveDto;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Incidents that started in the range' })
  incidents!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Mean time to resolve the incidents' })
  mttrSeconds!: number | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: "Mean time from an incident's resolution to the next one's start",
  })
  mtbfSeconds!: number | null;
}

export class ServicesStatisticsDto {
  @ApiProperty({ format: 'date-time' })
  from!: string;
  @ApiProperty({ format: 'date-time' })
  to!: string;
  @ApiProperty({
    type: [ServiceStatisticsDto],
    description:
      "MTTD is not here: it needs the injection times, which the experiments hold (see the experiments' reports)",
  })
  services!: ServiceStatisticsDto[];
}
