import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AlertmanagerWebhookDto, WebhookReceiptDto } from './dto/webhook.dto';
import { LedgerService } from './ledger.service';
import type { WebhookPayload } from './webhook-payload';
import { WebhookPayloadPipe } from './webhook-payload.pipe';

/**
 * Where Alertmanager posts every alert (the `alert-ledger` receiver). Without a bearer token: the
 * webhook configuration @scale/monitoring-stack writes carries none.
 */
@ApiTags('alert ledger')
@Controller('alertmanager')
export class AlertmanagerWebhookController {
  constructor(private readonly ledger: LedgerService) {}

  @Post('webhook')
  @HttpCode(200)
  @ApiOperation({
    summary: "Alertmanager's webhook receiver: records each alert's firing and resolution",
    description:
      'Idempotent: a notification delivered again, or a firing group repeated, changes nothing. Answers once the notification is ' +
      'stored, all of it or none (a 5xx makes Alertmanager retry). An occurrence is its fingerprint and startsAt; resolutions are final.',
  })
  @ApiBody({ type: AlertmanagerWebhookDto })
  @ApiOkResponse({ type: WebhookReceiptDto })
  @ApiBadRequestResponse({
    description: 'The notification is malformed; the message names the field (alerts[0].startsAt ...)',
  })
  receive(@Body(new WebhookPayloadPipe()) payload: WebhookPayload): Promise<WebhookReceiptDto> {
    return this.ledger.receive(payload);
  }
}
