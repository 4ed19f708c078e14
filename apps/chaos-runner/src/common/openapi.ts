import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { experimentDocumentOpenApiSchema } from '@scale/chaos';
import { documentProblemResponses } from '@scale/http-contract';
import { WEBHOOK_BEARER } from '../ledger/alertmanager-webhook.controller';
import { webhookPayloadOpenApiSchema } from '../ledger/webhook-payload';
import { BEARER } from './runner-endpoint.decorator';
import { ProblemDto } from './dto/problem.dto';

/**
 * The runner's OpenAPI document, at /api/docs (JSON at /api/docs/openapi.json). The experiment
 * document's schema is the one the runner validates with (from @scale/chaos), not a copy.
 */
export function setupRunnerOpenApi(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Scale chaos runner')
      .setDescription(
        'Start chaos experiments against the experiment group, follow them, read their reports; halt everything. ' +
          'Every endpoint takes a bearer token: read-only tokens (RUNNER_READONLY_TOKENS) read, read-write tokens ' +
          '(RUNNER_TOKENS) also start, abort, halt and release, and each of those requests is written to the audit log. ' +
          "Alertmanager's webhook takes its own token (RUNNER_WEBHOOK_TOKEN), and only that one.",
      )
      .setVersion('1')
      .addBearerAuth(
        { type: 'http', scheme: 'bearer', description: 'A token from RUNNER_TOKENS or RUNNER_READONLY_TOKENS' },
        BEARER,
      )
      .addBearerAuth(
        {
          type: 'http',
          scheme: 'bearer',
          description: "Alertmanager's token for the alert webhook (RUNNER_WEBHOOK_TOKEN)",
        },
        WEBHOOK_BEARER,
      )
      .build(),
    { extraModels: [ProblemDto] },
  );
  documentProblemResponses(document, {
    problemSchema: 'ProblemDto',
    everyOperation: { '503': "The runner's database, Prometheus or the cluster is unavailable; retry shortly" },
    closedSchemas: ['HaltRequestDto'],
  });
  document.components ??= {};
  document.components.schemas = {
    ...document.components.schemas,
    ExperimentDocument: experimentDocumentOpenApiSchema as object,
    AlertmanagerWebhook: webhookPayloadOpenApiSchema as object,
  };
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });
  return document;
}
