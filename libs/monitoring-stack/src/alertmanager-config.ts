import { isMap, isSeq, parseDocument, type Document, type YAMLMap } from 'yaml';
import { formatDuration } from './durations';
import { MonitoringError } from './errors';
import type { AlertmanagerOptions } from './monitoring-options';

/**
 * The receivers the policy (observability/alertmanager/alertmanager.yml) routes to, by the URLs that
 * fill them, and the option holding the bearer token each sends (Alertmanager's `http_config.authorization`).
 */
const WEBHOOK_RECEIVERS = {
  ledgerWebhookUrl: { receiver: 'alert-ledger', token: 'ledgerWebhookToken' },
  oncallWebhookUrl: { receiver: 'oncall', token: undefined },
} as const;

/**
 * Alertmanager's configuration: the policy file with the options' webhook URLs and timings in place of its
 * defaults. A receiver without a URL keeps no webhook, so nothing is sent to the policy's placeholder
 * addresses. The policy's comments stay, so the generated file explains itself.
 */
export function renderAlertmanagerConfig(policy: string, options: AlertmanagerOptions = {}): string {
  const document = parseDocument(policy);
  if (document.errors.length > 0) {
    throw new MonitoringError(`the Alertmanager policy is not valid YAML: ${document.errors[0].message}`);
  }

  setDuration(document, ['global', 'resolve_timeout'], options.resolveTimeoutSeconds, 'resolveTimeoutSeconds');
  // A group_wait of 0 sends a new group's first notification at once: nothing to batch it with on a local stack.
  setDuration(document, ['route', 'group_wait'], options.groupWaitSeconds, 'groupWaitSeconds', { zero: true });
  setDuration(document, ['route', 'group_interval'], options.groupIntervalSeconds, 'groupIntervalSeconds');
  setDuration(document, ['route', 'repeat_interval'], options.repeatIntervalSeconds, 'repeatIntervalSeconds');

  for (const [option, { receiver: name, token: tokenOption }] of Object.entries(WEBHOOK_RECEIVERS) as Array<
    [keyof typeof WEBHOOK_RECEIVERS, (typeof WEBHOOK_RECEIVERS)[keyof typeof WEBHOOK_RECEIVERS]]
  >) {
    const receiver = findReceiver(document, name);
    const url = options[option];
    if (url === undefined) {
      receiver.delete('webhook_configs');
      continue;
    }
    if (!/^https?:\/\/\S+$/.test(url)) {
      throw new MonitoringError(`${option} must be an http(s) URL, not ${JSON.stringify(url)}`);
    }
    const token = tokenOption === undefined ? undefined : options[tokenOption];
    if (token !== undefined && !/^\S+$/.test(token)) {
      throw new MonitoringError(`${tokenOption} must be a token without spaces`);
    }
    const http = token === undefined ? {} : { http_config: { authorization: { type: 'Bearer', credentials: token } } };
    receiver.set('webhook_configs', document.createNode([{ url, send_resolved: true, ...http }]));
  }
  return `# Written by @scale/monitoring-stack from observability/alertmanager/alertmanager.yml; changes here are overwritten.\n${document.toString()}`;
}

function setDuration(
  document: Document,
  path: string[],
  seconds: number | undefined,
  option: string,
  allow: { zero?: boolean } = {},
): void {
  if (seconds !== undefined) document.setIn(path, formatDuration(seconds, option, allow));
}

function findReceiver(document: Document, name: string): YAMLMap {
  const receivers = document.get('receivers');
  const receiver = isSeq(receivers)
    ? receivers.items.find((item) => isMap(item) && item.get('name') === name)
    : undefined;
  if (!isMap(receiver)) throw new MonitoringError(`the Alertmanager policy has no receiver named "${name}"`);
  return receiver;
}
