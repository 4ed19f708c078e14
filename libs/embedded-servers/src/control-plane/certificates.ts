import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { EmbeddedServerError } from '../errors';

const run = promisify(execFile);

export interface ControlPlaneCertificates {
  caFile: string;
  caKeyFile: string;
  /** The apiserver's serving certificate, for 127.0.0.1, localhost and the in-cluster names. */
  servingCertFile: string;
  servingKeyFile: string;
  /** A client certificate in `system:masters`: cluster-admin for the tests and the other components. */
  adminCertFile: string;
  adminKeyFile: string;
  /** Signs ServiceAccount tokens (the apiserver's TokenRequest, the controllers' tokens)… */
  serviceAccountKeyFile: string;
  /** …and verifies them. */
  serviceAccountPublicKeyFile: string;
}

/** The first address of the service range, which the in-cluster `kubernetes` Service takes. */
export const SERVICE_CLUSTER_IP_RANGE = '10.96.0.0/16';
const KUBERNETES_SERVICE_IP = '10.96.0.1';
const DAYS = '3650';

/** A CA and the certificates signed by it, made with the openssl command (P-256 keys: quick to make). */
export async function makeCertificates(dir: string): Promise<ControlPlaneCertificates> {
  await mkdir(dir, { recursive: true });
  const file = (name: string) => join(dir, name);
  const ca = { cert: file('ca.crt'), key: file('ca.key') };
  await issue(dir, 'ca', { CN: 'scale-kubernetes-ca' }, [
    'basicConstraints = critical, CA:TRUE',
    'keyUsage = critical, keyCertSign, cRLSign',
  ]);
  const names = [
    'localhost',
    'kubernetes',
    'kubernetes.default',
    'kubernetes.default.svc',
    'kubernetes.default.svc.cluster.local',
  ];
  await issue(
    dir,
    'apiserver',
    { CN: 'kube-apiserver' },
    leaf('serverAuth', [`IP:127.0.0.1`, `IP:${KUBERNETES_SERVICE_IP}`, ...names.map((name) => `DNS:${name}`)]),
    ca,
  );
  await issue(dir, 'admin', { CN: 'scale-admin', O: 'system:masters' }, leaf('clientAuth', []), ca);
  await openssl([
    'genpkey',
    '-algorithm',
    'EC',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-out',
    file('service-account.key'),
  ]);
  await openssl(['pkey', '-in', file('service-account.key'), '-pubout', '-out', file('service-account.pub')]);
  return {
    caFile: ca.cert,
    caKeyFile: ca.key,
    servingCertFile: file('apiserver.crt'),
    servingKeyFile: file('apiserver.key'),
    adminCertFile: file('admin.crt'),
    adminKeyFile: file('admin.key'),
    serviceAccountKeyFile: file('service-account.key'),
    serviceAccountPublicKeyFile: file('service-account.pub'),
  };
}

function leaf(usage: 'serverAuth' | 'clientAuth', altNames: string[]): string[] {
  const lines = [
    'basicConstraints = critical, CA:FALSE',
    'keyUsage = critical, digitalSignature',
    `extendedKeyUsage = ${usage}`,
  ];
  return altNames.length === 0 ? lines : [...lines, `subjectAltName = ${altNames.join(', ')}`];
}

/** Writes `<name>.key` and `<name>.crt`, self-signed or signed by `ca`. */
async function issue(
  dir: string,
  name: string,
  subject: Record<string, string>,
  extensions: string[],
  ca?: { cert: string; key: string },
): Promise<void> {
  // A config of our own, so the system's default extensions (which mark every certificate a CA) stay out.
  const config = join(dir, `${name}.cnf`);
  const dn = Object.entries(subject).map(([key, value]) => `${key} = ${value}`);
  await writeFile(
    config,
    [
      '[req]',
      'prompt = no',
      'distinguished_name = dn',
      'x509_extensions = ext',
      '[dn]',
      ...dn,
      '[ext]',
      ...extensions,
      '',
    ].join('\n'),
  );
  const signer = ca ? ['-CA', ca.cert, '-CAkey', ca.key] : [];
  await openssl([
    'req',
    '-x509',
    '-new',
    '-config',
    config,
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-noenc',
    '-keyout',
    join(dir, `${name}.key`),
    '-out',
    join(dir, `${name}.crt`),
    '-days',
    DAYS,
    ...signer,
  ]);
}

async function openssl(args: string[]): Promise<void> {
  try {
    await run('openssl', args);
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new EmbeddedServerError(`openssl ${args[0]} failed: ${stderr.trim() || (error as Error).message}`, {
      cause: error,
    });
  }
}
