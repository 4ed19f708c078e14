import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { findFreePort } from '../free-port';
import { SERVICE_CLUSTER_IP_RANGE, type ControlPlaneCertificates } from './certificates';
import { startComponent, waitForComponent, type Component } from './component-process';
import { answersOk } from './https-probe';

export interface RunningApiserver {
  component: Component;
  /** `https://127.0.0.1:<port>` */
  server: string;
}

/** The issuer in the ServiceAccount tokens the apiserver mints (and the audience it accepts by default). */
const SERVICE_ACCOUNT_ISSUER = 'https://kubernetes.default.svc.cluster.local';

/**
 * kube-apiserver with real authorization (Node, RBAC), client certificates for people and programs, and
 * ServiceAccount signing keys, so a token from TokenRequest authenticates as its ServiceAccount.
 */
export async function startApiserver(options: {
  binDir: string;
  dataDir: string;
  etcdUrl: string;
  certificates: ControlPlaneCertificates;
  log?: (line: string) => void;
}): Promise<RunningApiserver> {
  const { certificates: pki } = options;
  const port = await findFreePort();
  const server = `https://127.0.0.1:${port}`;
  const component = await startComponent({
    name: 'kube-apiserver',
    binDir: options.binDir,
    logDir: join(options.dataDir, 'logs'),
    log: options.log,
    args: [
      `--etcd-servers=${options.etcdUrl}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      `--secure-port=${port}`,
      `--cert-dir=${join(options.dataDir, 'apiserver')}`,
      `--tls-cert-file=${pki.servingCertFile}`,
      `--tls-private-key-file=${pki.servingKeyFile}`,
      `--client-ca-file=${pki.caFile}`,
      '--authorization-mode=Node,RBAC',
      `--service-account-issuer=${SERVICE_ACCOUNT_ISSUER}`,
      `--service-account-key-file=${pki.serviceAccountPublicKeyFile}`,
      `--service-account-signing-key-file=${pki.serviceAccountKeyFile}`,
      `--service-cluster-ip-range=${SERVICE_CLUSTER_IP_RANGE}`,
      // A loopback address may not be an Endpoints address, so the `kubernetes` Service keeps none.
      '--endpoint-reconciler-type=none',
      '--allow-privileged=true',
      '--profiling=false',
    ],
  });
  const tls = {
    ca: await readFile(pki.caFile, 'utf8'),
    cert: await readFile(pki.adminCertFile, 'utf8'),
    key: await readFile(pki.adminKeyFile, 'utf8'),
  };
  await waitForComponent(component, 'ready', () => answersOk(`${server}/readyz`, tls));
  return { component, server };
}
