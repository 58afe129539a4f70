/**
 * A RabbitMQ vhost of the test's own on the broker at RABBITMQ_URL (default the local one). Where
 * none answers on loopback, a local rabbitmq-server is started bound to 127.0.0.1 (and stopped
 * again at the end); where it is not installed, the error names the apt package.
 */
import { canConnect, hasCommand, run, sleep } from "./run";

export const DEFAULT_RABBITMQ_URL = "amqp://guest:guest@127.0.0.1:5672";
/** How long a local rabbitmq-server may take to start (measured here: 4–5 s). */
const START_TIMEOUT_MS = 90_000;

export interface Vhost {
  /** The broker URL with the vhost as its path. */
  readonly url: string;
  readonly name: string;
  /** Deletes the vhost (its queues with it), and stops the broker if this test started it. */
  remove(): Promise<void>;
}

async function rabbitmqctl(...args: string[]): Promise<string> {
  const r = await run("rabbitmqctl", args, { timeoutMs: 60_000 });
  if (r.code !== 0) throw new Error(`rabbitmqctl ${args.join(" ")} failed (exit ${r.code}):\n${r.output.trim()}`);
  return r.output;
}

async function startLocalBroker(): Promise<void> {
  if (!(await hasCommand("rabbitmq-server")))
    throw new Error(
      "No RabbitMQ answers at 127.0.0.1:5672 and rabbitmq-server is not installed: " +
        "install Debian's package (apt-get install rabbitmq-server) or set RABBITMQ_URL to a broker",
    );
  const env = {
    ...process.env,
    RABBITMQ_NODE_IP_ADDRESS: "127.0.0.1",
    ERL_EPMD_ADDRESS: "127.0.0.1",
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: "-kernel inet_dist_use_interface {127,0,0,1}",
  };
  const started = await run("rabbitmq-server", ["-detached"], { env, timeoutMs: 30_000 });
  if (started.code !== 0)
    throw new Error(`rabbitmq-server -detached failed (exit ${started.code}):\n${started.output}`);
  const deadline = performance.now() + START_TIMEOUT_MS;
  // await_startup exits at once (69) until the node has registered: loop on it.
  while ((await run("rabbitmqctl", ["await_startup", "--timeout", "60"], { timeoutMs: 70_000 })).code !== 0) {
    if (performance.now() > deadline) throw new Error(`rabbitmq-server did not start within ${START_TIMEOUT_MS} ms`);
    await sleep(500);
  }
}

/** A fresh vhost `name` (an old one of that name is deleted first) with full rights for the URL's user. */
export async function createVhost(name: string): Promise<Vhost> {
  const base = new URL(process.env.RABBITMQ_URL || DEFAULT_RABBITMQ_URL);
  const host = base.hostname;
  const port = Number(base.port || 5672);
  let startedHere = false;
  if (!(await canConnect(host, port))) {
    if (host !== "127.0.0.1" && host !== "localhost")
      throw new Error(`No RabbitMQ answers at ${host}:${port} (RABBITMQ_URL)`);
    await startLocalBroker();
    startedHere = true;
  }
  if (!(await hasCommand("rabbitmqctl")))
    throw new Error(
      "rabbitmqctl is not on PATH: the test makes its own vhost with it (apt-get install rabbitmq-server)",
    );
  const user = decodeURIComponent(base.username || "guest");
  await rabbitmqctl("delete_vhost", name).catch(() => undefined);
  await rabbitmqctl("add_vhost", name);
  await rabbitmqctl("set_permissions", "-p", name, user, ".*", ".*", ".*");
  const url = new URL(base.href);
  url.pathname = "/" + encodeURIComponent(name);
  return {
    url: url.href,
    name,
    async remove() {
      await rabbitmqctl("delete_vhost", name).catch(() => undefined);
      if (startedHere) await rabbitmqctl("stop").catch(() => undefined);
    },
  };
}
