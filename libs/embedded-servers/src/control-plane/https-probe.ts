import { request } from 'node:https';

export interface ClientTls {
  ca?: string;
  cert?: string;
  key?: string;
}

/**
 * GETs an https URL and says whether it answered 200. With no CA it trusts any certificate: the
 * controller-manager and the scheduler serve their health checks with certificates they make themselves.
 */
export function answersOk(url: string, tls: ClientTls = {}): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(url, { ...tls, rejectUnauthorized: tls.ca !== undefined, timeout: 2_000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}
