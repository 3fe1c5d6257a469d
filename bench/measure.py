"""Timing loops shared by the HTTP and the SQL measurements, and CPU accounting.

A "client" is anything with `fetch(i) -> int` (do query number i, return the answer's size:
bytes or rows) and `close()`. The loops are bounded: a fixed number of requests, or a fixed
duration, and every thread opens its own client (its own connection).

Things to compare (the endpoint and its raw SQL, or two SQL variants) are measured
interleaved: request by request for latency, in alternating short rounds for throughput. The
machine may be shared (tests, other services), and interleaving makes any such load fall on
both sides alike, so their ratio stays meaningful even when the absolute figures wobble.
"""

from __future__ import annotations

import os
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Latency:
    requests: int
    p50_ms: float
    p95_ms: float
    mean_ms: float
    max_ms: float
    mean_size: float  # bytes per answer (HTTP) or rows per query (SQL)

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Throughput:
    clients: int
    seconds: float
    requests: int
    errors: int
    per_second: float
    p50_ms: float
    p95_ms: float
    cpu: dict  # seconds of CPU per request, by process group, and machine busy share
    timings: list[float] = field(default_factory=list, repr=False)  # each request's seconds

    def as_dict(self) -> dict:
        out = asdict(self)
        del out["timings"]
        return out


def percentile(sorted_values: list[float], share: float) -> float:
    """Nearest-rank percentile of already sorted values."""
    if not sorted_values:
        return float("nan")
    rank = max(1, round(share * len(sorted_values) + 0.5 - 1e-9))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def summarise(seconds: list[float], items: list[int]) -> Latency:
    ordered = sorted(seconds)
    return Latency(
        requests=len(seconds),
        p50_ms=percentile(ordered, 0.50) * 1000,
        p95_ms=percentile(ordered, 0.95) * 1000,
        mean_ms=statistics.fmean(seconds) * 1000,
        max_ms=ordered[-1] * 1000,
        mean_size=statistics.fmean(items) if items else 0.0,
    )


def single_client(client, queries: int, requests: int, warmup: int) -> Latency:
    """One client, one request at a time: `warmup` untimed, then `requests` timed, cycling
    through the `queries` fixed views."""
    return single_clients({"only": client}, queries, requests, warmup)["only"]


def single_clients(
    clients: dict[str, object], queries: int, requests: int, warmup: int
) -> dict[str, Latency]:
    """Like single_client for several clients, interleaved request by request. Each client
    starts at a different view, so one does not warm the very rows the next one reads."""
    offsets = {name: k * queries // max(1, len(clients)) for k, name in enumerate(clients)}
    for i in range(warmup):
        for name, client in clients.items():
            client.fetch((i + offsets[name]) % queries)
    seconds: dict[str, list[float]] = {name: [] for name in clients}
    sizes: dict[str, list[int]] = {name: [] for name in clients}
    for i in range(requests):
        for name, client in clients.items():
            started = time.perf_counter()
            n = client.fetch((i + offsets[name]) % queries)
            seconds[name].append(time.perf_counter() - started)
            sizes[name].append(n)
    return {name: summarise(seconds[name], sizes[name]) for name in clients}


def concurrent_rounds(
    sides: dict[str, tuple[Callable[[], object], CpuWatch]],
    queries: int,
    clients: int,
    duration: float,
    rounds: int,
) -> dict[str, Throughput]:
    """Each side for `duration` seconds in all, in `rounds` alternating slices."""
    slices: dict[str, list[Throughput]] = {name: [] for name in sides}
    for _ in range(rounds):
        for name, (make_client, watch) in sides.items():
            slices[name].append(
                concurrent_clients(make_client, queries, clients, duration / rounds, watch)
            )
    return {name: merge(parts) for name, parts in slices.items()}


def merge(parts: list[Throughput]) -> Throughput:
    timings = sorted(t for part in parts for t in part.timings)
    done = len(timings)
    seconds = sum(part.seconds for part in parts)
    cpu: dict[str, float] = {}
    for key in parts[0].cpu:
        if key.endswith("_s"):  # per request: weight each slice by its requests
            cpu[key] = sum(p.cpu[key] * p.requests for p in parts) / done if done else 0.0
        else:  # shares of the machine: weight by time
            cpu[key] = sum(p.cpu[key] * p.seconds for p in parts) / seconds
    return Throughput(
        clients=parts[0].clients,
        seconds=seconds,
        requests=done,
        errors=sum(part.errors for part in parts),
        per_second=done / seconds,
        p50_ms=percentile(timings, 0.5) * 1000,
        p95_ms=percentile(timings, 0.95) * 1000,
        cpu=cpu,
        timings=timings,
    )


def concurrent_clients(
    make_client: Callable[[], object],
    queries: int,
    clients: int,
    duration: float,
    cpu_watch: CpuWatch,
) -> Throughput:
    """`clients` threads, each with its own client, as fast as they can for `duration` s."""
    ready = threading.Barrier(clients + 1)
    stop = threading.Event()
    # Per thread: (end time, seconds) of each request, and the errors.
    results: list[tuple[list[tuple[float, float]], int]] = [([], 0)] * clients

    def work(index: int) -> None:
        client = make_client()
        seconds: list[tuple[float, float]] = []
        errors = 0
        try:
            client.fetch(index % queries)  # connect and warm before the clock starts
            ready.wait()
            i = index * 7  # each thread walks the views from a different place
            while not stop.is_set():
                started = time.perf_counter()
                try:
                    client.fetch(i % queries)
                except Exception:  # noqa: BLE001 - counted, the run goes on
                    errors += 1
                    client.close()
                    client = make_client()
                    i += 1
                    continue
                ended = time.perf_counter()
                seconds.append((ended, ended - started))
                i += 1
        finally:
            results[index] = (seconds, errors)
            client.close()

    threads = [threading.Thread(target=work, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    ready.wait()
    cpu_watch.start()
    started = time.perf_counter()
    time.sleep(duration)
    # Sample before the threads stop: a client that closes takes its backend's CPU with it.
    cpu = cpu_watch.stop()
    deadline = time.perf_counter()
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    # Only requests completed within the measured window count.
    all_seconds = sorted(s for timings, _ in results for ended, s in timings if ended <= deadline)
    errors = sum(e for _, e in results)
    done = len(all_seconds)
    elapsed = deadline - started
    return Throughput(
        clients=clients,
        seconds=elapsed,
        requests=done,
        errors=errors,
        per_second=done / elapsed,
        p50_ms=percentile(all_seconds, 0.5) * 1000,
        p95_ms=percentile(all_seconds, 0.95) * 1000,
        cpu={k: (v / done if k.endswith("_s") and done else v) for k, v in cpu.items()},
        timings=all_seconds,
    )


# --- CPU accounting ---------------------------------------------------------------------------


def _process_cpu(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime + stime


def _machine_busy() -> tuple[float, float]:
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (FileNotFoundError, ProcessLookupError, IndexError):
                continue
            if ppid == pid:
                found.append(int(entry.name))
    return found


def postgres_backends(database: str) -> list[int]:
    """Server processes serving `database` (their command line names it)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ")
            except (FileNotFoundError, ProcessLookupError):
                continue
            if cmdline.startswith(b"postgres: ") and f" {database} ".encode() in cmdline:
                found.append(int(entry.name))
    return found


class CpuWatch:
    """CPU seconds used during a measurement by the bench client (this process), the web
    server (a gunicorn master and its workers) and PostgreSQL (the backends serving the
    bench database), plus how busy the whole machine was (other work on it shows here)."""

    def __init__(self, server_pid: int | None, database: str) -> None:
        self.server_pid = server_pid
        self.database = database

    def _sample(self) -> dict[str, float]:
        server = 0.0
        if self.server_pid:
            server = sum(_process_cpu(p) for p in [self.server_pid, *children_of(self.server_pid)])
        times = os.times()
        busy, total = _machine_busy()
        return {
            "client_s": times.user + times.system,
            "server_s": server,
            "postgres_s": sum(_process_cpu(p) for p in postgres_backends(self.database)),
            "busy": busy,
            "total": total,
        }

    def start(self) -> None:
        self._before = self._sample()

    def stop(self) -> dict[str, float]:
        after = self._sample()
        before = self._before
        used = {k: after[k] - before[k] for k in ("client_s", "server_s", "postgres_s")}
        total = after["total"] - before["total"]
        busy = after["busy"] - before["busy"]
        used["machine_busy_share"] = busy / total if total else 0.0
        # CPU that none of the three used: other work on the machine (it skews the figures).
        ours = sum(used.values()) - used["machine_busy_share"]
        used["other_cpu_share"] = max(0.0, busy / CLOCK_TICKS - ours) / (total / CLOCK_TICKS)
        return used
