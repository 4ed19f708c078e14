import { Body, Controller, HttpCode, Post, UseFilters, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { ProblemDto } from '../common/dto/problem.dto';
import { RunnerProblemsFilter } from '../common/runner-problems.filter';
import { WebhookReceiptDto } from './dto/webhook.dto';
import { LedgerService } from './ledger.service';
import type { WebhookPayload } from './webhook-payload';
import { WebhookPayloadPipe } from './webhook-payload.pipe';
import { WebhookTokenGuard } from './webhook-token.guard';

/** The OpenAPI security scheme of the webhook's own credential. */
export const WEBHOOK_BEARER = 'webhook-bearer';

/**
 * Where Alertmanager posts every alert (the `alert-ledger` receiver), with the bearer token of
 * RUNNER_WEBHOOK_TOKEN that the configuration @scale/monitoring-stack writes carries.
 */
@ApiTags('alert ledger')
@ApiBearerAuth(WEBHOOK_BEARER)
@UseGuards(WebhookTokenGuard)
@UseFilters(RunnerProblemsFilter)
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
  @ApiBody({ schema: { $ref: getSchemaPath('AlertmanagerWebhook') } })
  @ApiOkResponse({ type: WebhookReceiptDto })
  @ApiBadRequestResponse({
    type: ProblemDto,
    description: 'The notification breaks its schema; the message names the field (alerts[0].startsAt ...)',
  })
  @ApiUnprocessableEntityResponse({
    type: ProblemDto,
    description:
      'The notification follows the schema but contradicts itself: a resolved alert without endsAt, or ending before it started',
  })
  @ApiUnauthorizedResponse({
    type: ProblemDto,
    description: 'No bearer token, or not the webhook token (RUNNER_WEBHOOK_TOKEN); counted and logged',
  })
  receive(@Body(new WebhookPayloadPipe()) payload: WebhookPayload): Promise<WebhookReceiptDto> {
    return this.ledger.receive(payload);
  }
}
