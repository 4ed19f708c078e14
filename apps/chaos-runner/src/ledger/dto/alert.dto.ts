import { ApiProperty } from '@nestjs/swagger';

export class AlertDto {
  @ApiProperty({
    pattern: '^[1-9][0-9]*$',
    description: "The ledger's id of this occurrence (an integer, as a string)",
  })
  id!: string;
  @ApiProperty({ description: "Alertmanager's fingerprint of the alert's labels" })
  fingerprint!: string;
  @ApiProperty({ example: 'TargetDown' })
  alertname!: string;
  @ApiProperty({ nullable: true, type: String, example: 'scale-api' })
  service!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'experiment' })
  group!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'a' })
  zone!: string | null;
  @ApiProperty({ nullable: true, type: String })
  instance!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'high' })
  severity!: string | null;
  @ApiProperty({ enum: ['SEV1', 'SEV2', 'SEV3', 'SEV4'] })
  sev!: string;
  @ApiProperty({ enum: ['firing', 'resolved'] })
  status!: 'firing' | 'resolved';
  @ApiProperty({ format: 'date-time', description: "When the alert started firing (Prometheus' time)" })
  startsAt!: string;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date-time',
    description: 'When it resolved; null while it fires',
  })
  endsAt!: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'endsAt - startsAt; null while it fires' })
  durationSeconds!: number | null;
  @ApiProperty({ format: 'date-time', description: 'When the ledger first heard of it' })
  firstSeenAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'When the ledger heard it resolved' })
  resolvedSeenAt!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } })
  labels!: Record<string, string>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } })
  annotations!: Record<string, string>;
  @ApiProperty({ nullable: true, type: String })
  generatorUrl!: string | null;
}

export class AlertListDto {
  @ApiProperty({ type: [AlertDto], description: 'Newest first' })
  items!: AlertDto[];
}
