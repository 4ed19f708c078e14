import { CoreV1Api, RbacAuthorizationV1Api, type KubeConfig, type V1PolicyRule } from '@kubernetes/client-node';

/** The runner's ServiceAccount, in the experiment namespace as the chart makes it. */
export const RUNNER_ACCOUNT = 'scale-chaos-runner';

export interface NamespacedRole {
  readonly namespace: string;
  readonly name: string;
  readonly rules: V1PolicyRule[];
}

/**
 * Creates the runner's ServiceAccount in `namespace` and binds it to each role, made in its own
 * namespace: the rights a test's runner works with, as a real install grants them.
 */
export async function createRunnerAccount(
  admin: KubeConfig,
  namespace: string,
  roles: readonly NamespacedRole[],
): Promise<{ kind: 'ServiceAccount'; name: string; namespace: string }> {
  const core = admin.makeApiClient(CoreV1Api);
  const rbac = admin.makeApiClient(RbacAuthorizationV1Api);
  const account = { kind: 'ServiceAccount' as const, name: RUNNER_ACCOUNT, namespace };
  await core.createNamespacedServiceAccount({ namespace, body: { metadata: { name: account.name } } });
  for (const role of roles) {
    await rbac.createNamespacedRole({
      namespace: role.namespace,
      body: { metadata: { name: role.name }, rules: role.rules },
    });
    await rbac.createNamespacedRoleBinding({
      namespace: role.namespace,
      body: {
        metadata: { name: role.name },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.name },
        subjects: [account],
      },
    });
  }
  return account;
}
