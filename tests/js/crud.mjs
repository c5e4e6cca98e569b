// Creates, patches and reads a ConfigMap with @kubernetes/client-node, then prints what it read.
// Usage: KUBECONFIG=... node crud.mjs NAMESPACE
import * as k8s from '@kubernetes/client-node';

const namespace = process.argv[2];
const config = new k8s.KubeConfig();
config.loadFromDefault();
const core = config.makeApiClient(k8s.CoreV1Api);

await core.createNamespacedConfigMap({
  namespace,
  body: { metadata: { name: 'from-js', labels: { client: 'js' } }, data: { a: '1' } },
});
await core.patchNamespacedConfigMap(
  { name: 'from-js', namespace, body: { data: { b: '2' } } },
  k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
);
await core.patchNamespacedConfigMap(
  { name: 'from-js', namespace, body: [{ op: 'add', path: '/data/c', value: '3' }] },
  k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.JsonPatch),
);

// KubernetesObjectApi uses legacy discovery and strategic merge patch, as kubectl-like tools do.
const objects = k8s.KubernetesObjectApi.makeApiClient(config);
await objects.patch(
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'from-js', namespace }, data: { d: '4' } },
  undefined, undefined, undefined, undefined, k8s.PatchStrategy.StrategicMergePatch,
);

const read = await core.readNamespacedConfigMap({ name: 'from-js', namespace });
console.log(JSON.stringify({ data: read.data, labels: read.metadata.labels }));
