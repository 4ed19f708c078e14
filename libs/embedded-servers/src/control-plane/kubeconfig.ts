import { readFile, writeFile } from 'node:fs/promises';
import type { ControlPlaneCertificates } from './certificates';

/**
 * A self-contained cluster-admin kubeconfig (certificates inline), so kubectl, helm and
 * @kubernetes/client-node read it as they would any cluster's. JSON is YAML, so no YAML writer is needed.
 */
export async function writeAdminKubeconfig(path: string, server: string, pki: ControlPlaneCertificates): Promise<void> {
  const base64 = async (file: string) => (await readFile(file)).toString('base64');
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'scale', cluster: { server, 'certificate-authority-data': await base64(pki.caFile) } }],
    users: [
      {
        name: 'scale-admin',
        user: {
          'client-certificate-data': await base64(pki.adminCertFile),
          'client-key-data': await base64(pki.adminKeyFile),
        },
      },
    ],
    contexts: [{ name: 'scale', context: { cluster: 'scale', user: 'scale-admin' } }],
    'current-context': 'scale',
  };
  await writeFile(path, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
}
