#!/usr/bin/python3
"""The idiomatic SimPy M/M/4 at rho = 0.9: the performance peer of bench/run.ts.

Time is in milliseconds: mean service time 1 ms, arrival rate 3.6 per ms
(3600 per second), 4 servers. Simulates exactly N customers (argv[1]) and
prints one JSON line:
  { customers, wall_seconds, customers_per_second, mean_response_ms }

Run it with Debian's /usr/bin/python3 (SimPy 3 from python3-simpy3).
"""
import json
import random
import sys
import time

import simpy

SERVERS = 4
MEAN_SERVICE_MS = 1.0
ARRIVALS_PER_MS = 3.6  # rho = 3.6 * 1 / 4 = 0.9


def customer(env, servers, rng, stats):
    arrived = env.now
    with servers.request() as req:
        yield req
        yield env.timeout(rng.expovariate(1.0 / MEAN_SERVICE_MS))
    stats[0] += 1
    stats[1] += env.now - arrived


def source(env, servers, rng, stats, customers):
    for _ in range(customers):
        yield env.timeout(rng.expovariate(ARRIVALS_PER_MS))
        env.process(customer(env, servers, rng, stats))


def main():
    customers = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    rng = random.Random(seed)
    start = time.perf_counter()
    env = simpy.Environment()
    servers = simpy.Resource(env, capacity=SERVERS)
    stats = [0, 0.0]  # completed, total response time (ms)
    env.process(source(env, servers, rng, stats, customers))
    env.run()  # until every customer has left
    wall = time.perf_counter() - start
    print(json.dumps({
        "customers": stats[0],
        "wall_seconds": wall,
        "customers_per_second": stats[0] / wall,
        "mean_response_ms": stats[1] / stats[0],
    }))


if __name__ == "__main__":
    main()
