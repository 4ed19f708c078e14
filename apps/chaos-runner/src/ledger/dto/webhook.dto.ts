import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

const LABELS = { type: 'object', additionalProperties: { type: 'string' } } as const;

/** One alert of a notification; documentation of what parseWebhookPayload accepts. */
export class NotifiedAlertDto {
  @ApiProperty({ enum: ['firing', 'resolved'] })
  status!: string;
  @ApiProperty({
    ...LABELS,
    description:
      'Must include alertname; service, group, zone, instance, severity and sev are stored in their own columns',
  })
  labels!: Record<string, string>;
  @ApiPropertyOptional(LABELS)
  annotations?: Record<string, string>;
  @ApiProperty({ example: '2026-01-05T10:00:00.000Z' })
  startsAt!: string;
  @ApiProperty({ description: '0001-01-01T00:00:00Z while the alert fires', example: '0001-01-01T00:00:00Z' })
  endsAt!: string;
  @ApiPropertyOptional()
  generatorURL?: string;
  @ApiProperty({ example: 'c5a8ad1d5d7f2e3b' })
  fingerprint!: string;
}

/** Alertmanager's webhook notification, version 4. */
export class AlertmanagerWebhookDto {
  @ApiProperty({ enum: ['4'] })
  version!: string;
  @ApiProperty()
  groupKey!: string;
  @ApiProperty({ enum: ['firing', 'resolved'] })
  status!: string;
  @ApiProperty({ example: 'alert-ledger' })
  receiver!: string;
  @ApiPropertyOptional(LABELS)
  groupLabels?: Record<string, string>;
  @ApiPropertyOptional(LABELS)
  commonLabels?: Record<string, string>;
  @ApiPropertyOptional(LABELS)
  commonAnnotations?: Record<string, string>;
  @ApiPropertyOptional()
  externalURL?: string;
  @ApiPropertyOptional()
  truncatedAlerts?: number;
  @ApiProperty({ type: [NotifiedAlertDto] })
  alerts!: NotifiedAlertDto[];
}

export class WebhookReceiptDto {
  @ApiProperty({ description: 'Alerts in the notification' })
  received!: number;
  @ApiProperty({ description: 'New occurrences recorded (firing, or already resolved)' })
  created!: number;
  @ApiProperty({ description: 'Firing occurrences that resolved' })
  resolved!: number;
  @ApiProperty({ description: 'Alerts the ledger already knew in this state (redeliveries, repeats)' })
  unchanged!: number;
  @ApiProperty({ description: 'Firing notifications of occurrences already resolved, ignored' })
  stale!: number;
}
