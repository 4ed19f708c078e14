import { BadRequestException, PipeTransform, UnprocessableEntityException } from '@nestjs/common';
import { describeIssue, parseWebhookPayload, WebhookPayloadError, type WebhookPayload } from './webhook-payload';

/**
 * Validates a notification body with its own schema rather than a class-validator DTO: Alertmanager
 * adds fields over versions, and those must pass, where the app's whitelisting pipe would refuse them.
 */
export class WebhookPayloadPipe implements PipeTransform<unknown, WebhookPayload> {
  transform(value: unknown): WebhookPayload {
    try {
      return parseWebhookPayload(value);
    } catch (error) {
      if (error instanceof WebhookPayloadError) {
        const messages = error.issues.map(describeIssue);
        throw error.kind === 'schema' ? new BadRequestException(messages) : new UnprocessableEntityException(messages);
      }
      throw error;
    }
  }
}
