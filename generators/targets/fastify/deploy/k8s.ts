/**
 * k8s/: per process a Deployment (the design's replicas, /healthz liveness and /readyz readiness
 * probes, DISCOVERY=kubernetes with K8S_NAMESPACE from the pod), a Service (named as the process,
 * on its port: what Kubernetes discovery calls), and a HorizontalPodAutoscaler from `autoscale`; RabbitMQ and a Postgres per
 * database for a cluster to try it in; a kustomization listing them (kubectl apply -k k8s/).
 */
import type { Design } from "../../../../model";
import type { FileMapBuilder } from "../../../file-map";
import { getImage, IMAGES, toYaml } from "./compose";
import { getProcessEnv, IMAGE_REDIS, POSTGRES_PASSWORD, POSTGRES_USER, postgresUrl, type Topology } from "./topology";

/** CPU a pod asks for: the HorizontalPodAutoscaler's utilization is a share of it. */
export const POD_CPU_REQUEST = "250m";

const docs = (...objects: unknown[]) => objects.map(toYaml).join("---\n");

const labels = (id: string) => ({ "app.kubernetes.io/name": id, "app.kubernetes.io/part-of": "archsim" });

function deployment(id: string, image: string, replicas: number, port: number, container: Record<string, unknown>) {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: id, labels: labels(id) },
    spec: {
      replicas,
      selector: { matchLabels: { "app.kubernetes.io/name": id } },
      template: {
        metadata: { labels: labels(id) },
        spec: { containers: [{ name: id, image, ports: [{ containerPort: port }], ...container }] },
      },
    },
  };
}

function service(id: string, port: number) {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: id, labels: labels(id) },
    spec: { selector: { "app.kubernetes.io/name": id }, ports: [{ name: "main", port, targetPort: port }] },
  };
}

const envList = (env: Record<string, string>) => Object.entries(env).map(([name, value]) => ({ name, value }));

export function addKubernetes(b: FileMapBuilder, design: Design, topology: Topology): void {
  const files: string[] = [];
  for (const [id, port] of topology.ports) {
    const c = design.components[id]!;
    const replicas = c.kind === "service" ? c.replicas : 1;
    const env = getProcessEnv(topology, id, {
      processUrl: (peer, p) => `http://${peer}:${p}`,
      rabbitmq: `amqp://guest:guest@${topology.broker}:5672`,
      database: (db) => postgresUrl(db.id, 5432, db.name),
      discovery: { mode: "kubernetes" },
    });
    const probe = (path: string) => ({ httpGet: { path, port }, periodSeconds: 5, failureThreshold: 3 });
    const objects: unknown[] = [
      deployment(id, getImage(topology, id), replicas, port, {
        imagePullPolicy: "IfNotPresent",
        // Peers by their Services' DNS names in the pod's own namespace (the downward API).
        env: [...envList(env), { name: "K8S_NAMESPACE", valueFrom: { fieldRef: { fieldPath: "metadata.namespace" } } }],
        livenessProbe: { ...probe("/healthz"), initialDelaySeconds: 5 },
        readinessProbe: probe("/readyz"),
        resources: { requests: { cpu: POD_CPU_REQUEST, memory: "128Mi" }, limits: { memory: "512Mi" } },
      }),
      service(id, port),
    ];
    if (c.kind === "service" && c.autoscale)
      objects.push({
        apiVersion: "autoscaling/v2",
        kind: "HorizontalPodAutoscaler",
        metadata: { name: id, labels: labels(id) },
        spec: {
          scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: id },
          minReplicas: c.autoscale.min,
          maxReplicas: c.autoscale.max,
          metrics: [
            {
              type: "Resource",
              resource: {
                name: "cpu",
                target: { type: "Utilization", averageUtilization: Math.round(c.autoscale.targetUtilization * 100) },
              },
            },
          ],
        },
      });
    b.add(`k8s/${id}.yaml`, docs(...objects));
    files.push(`${id}.yaml`);
  }
  if (topology.broker !== undefined) {
    const id = topology.broker;
    b.add(
      `k8s/${id}.yaml`,
      docs(
        deployment(id, IMAGES.rabbitmq, 1, 5672, { readinessProbe: { tcpSocket: { port: 5672 }, periodSeconds: 5 } }),
        service(id, 5672),
      ),
    );
    files.push(`${id}.yaml`);
  }
  for (const db of topology.databases) {
    b.add(
      `k8s/${db.id}.yaml`,
      docs(
        deployment(db.id, IMAGES.postgres, 1, 5432, {
          env: envList({ POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB: db.name }),
          readinessProbe: { exec: { command: ["pg_isready", "-U", POSTGRES_USER, "-d", db.name] }, periodSeconds: 5 },
        }),
        service(db.id, 5432),
      ),
    );
    files.push(`${db.id}.yaml`);
  }
  for (const c of topology.redisCaches) {
    b.add(
      `k8s/${c.id}.yaml`,
      docs(
        deployment(c.id, IMAGE_REDIS, 1, 6379, {
          readinessProbe: { exec: { command: ["redis-cli", "ping"] }, periodSeconds: 5 },
        }),
        service(c.id, 6379),
      ),
    );
    files.push(`${c.id}.yaml`);
  }
  b.add(
    "k8s/kustomization.yaml",
    toYaml({ apiVersion: "kustomize.config.k8s.io/v1beta1", kind: "Kustomization", resources: files.sort() }),
  );
}
