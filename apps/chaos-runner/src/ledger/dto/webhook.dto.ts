import { ApiProperty } from '@nestjs/swagger';

export class WebhookReceiptDto {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Alerts in the notification' })
  received!: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'New occurrences recorded (firing, or already resolved)' })
  created!: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Firing occurrences that resolved' })
  resolved!: number;
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: 'Alerts the ledger already knew in this state (redeliveries, repeats)',
  })
  unchanged!: number;
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: 'Firing notifications of occurrences already resolved, ignored',
  })
  stale!: number;
}
