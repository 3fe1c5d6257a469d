"""The goals from the issue, and the table that sets each figure beside its goal."""

from __future__ import annotations

import math

RATIO_GOAL = 0.6
GOALS = {
    "z16_p50_ms": 20.0,
    "z16_p95_ms": 40.0,
    "z14_p50_ms": 10.0,
    "z12_p50_ms": 35.0,
    "bytes_per_pin": 140.0,
    "freshness_s": 1.0,
}


def _fmt(value, digits: int = 1) -> str:
    if value is None:
        return "-"
    if isinstance(value, float) and math.isinf(value):
        return "never"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return f"{value:,}"


def _verdict(value, limit: float, at_least: bool = False) -> str:
    if value is None:
        return "n/a"
    met = value >= limit if at_least else value <= limit
    return "met" if met else "MISSED"


def verdicts(result: dict) -> dict[str, str]:
    """Goal name -> met / MISSED / n/a for one N."""
    http = result.get("http_latency", {})
    out = {}
    for zoom, figure in ((16, "p50_ms"), (16, "p95_ms"), (14, "p50_ms"), (12, "p50_ms")):
        key = f"z{zoom}_{figure}"
        value = http.get(str(zoom), {}).get(figure)
        out[key] = _verdict(value, GOALS[key])
    for zoom, ratio in result.get("throughput_ratio", {}).items():
        out[f"z{zoom}_throughput_ratio"] = _verdict(ratio, RATIO_GOAL, at_least=True)
    size = result.get("payload") or {}
    out["raw_bytes_per_pin"] = _verdict(size.get("raw_bytes_per_pin"), GOALS["bytes_per_pin"])
    out["gzip_bytes_per_pin"] = _verdict(size.get("gzip_bytes_per_pin"), GOALS["bytes_per_pin"])
    fresh = result.get("freshness") or {}
    out["freshness_s"] = _verdict(fresh.get("max_s"), GOALS["freshness_s"])
    return out


def rows(result: dict) -> list[tuple[str, str, str, str]]:
    """(figure, measured, goal, verdict) for one N."""
    http = result.get("http_latency", {})
    inproc = result.get("inprocess_latency", {})
    sql = result.get("sql_latency", {})
    tput = result.get("http_throughput", {})
    sql_tput = result.get("sql_throughput", {})
    ratio = result.get("throughput_ratio", {})
    verdict = verdicts(result)
    out = [("figure", "measured", "goal", "")]
    for zoom in (16, 14, 12):
        z = str(zoom)
        h, s, i = http.get(z, {}), sql.get(z, {}), inproc.get(z, {})
        goal = {16: "p50 <= 20, p95 <= 40", 14: "p50 <= 10", 12: "p50 <= 35"}[zoom]
        mark = verdict.get(f"z{zoom}_p50_ms", "n/a")
        if zoom == 16:
            mark = f"{mark} / {verdict.get('z16_p95_ms', 'n/a')}"
        out.append(
            (
                f"z{zoom} latency, 1 client, ms p50/p95/mean",
                f"{_fmt(h.get('p50_ms'))} / {_fmt(h.get('p95_ms'))} / {_fmt(h.get('mean_ms'))}",
                goal,
                mark,
            )
        )
        if i:
            out.append(
                (
                    f"  z{zoom} in-process (test client) p50/p95",
                    f"{_fmt(i.get('p50_ms'))} / {_fmt(i.get('p95_ms'))}",
                    "",
                    "",
                )
            )
        if i.get("layers_ms"):
            short = {
                "psycopg + waiting for PostgreSQL": "psycopg+PG",
                "SQLAlchemy": "SQLAlchemy",
                "compression": "gzip",
                "app code": "app",
                "Flask, Werkzeug, extensions": "Flask+ext",
                "Python and C built-ins": "builtins",
            }
            out.append(
                (
                    f"  z{zoom} in-process by layer, ms/req (cProfile)",
                    ", ".join(f"{short.get(k, k)} {v:.1f}" for k, v in i["layers_ms"].items()),
                    "",
                    "",
                )
            )
        out.append(
            (
                f"  z{zoom} raw SQL p50/p95, rows",
                f"{_fmt(s.get('p50_ms'), 2)} / {_fmt(s.get('p95_ms'), 2)}, "
                f"{_fmt(s.get('mean_size'), 0)}",
                "",
                "",
            )
        )
        if h.get("p50_ms") and s.get("p50_ms"):
            out.append(
                (
                    f"  z{zoom} latency endpoint/SQL (p50)",
                    f"{h['p50_ms'] / s['p50_ms']:.1f}x",
                    "",
                    "",
                )
            )
    for key in ("12 category", "12 area"):
        h, s_ = http.get(key), sql.get(key, {})
        if not h:
            continue
        out.append(
            (
                f"z{key} filter: endpoint p50/p95, SQL p50, ms",
                f"{_fmt(h.get('p50_ms'))} / {_fmt(h.get('p95_ms'))}, {_fmt(s_.get('p50_ms'), 2)}",
                "p50 <= 35 (as z12)",
                _verdict(h.get("p50_ms"), GOALS["z12_p50_ms"]),
            )
        )
    if not tput:
        return out
    for zoom in (16, 14, 12):
        z = str(zoom)
        out.append(
            (
                f"z{zoom} req/s, 16 clients: endpoint / SQL",
                f"{_fmt(tput.get(z, {}).get('per_second'), 0)} / "
                f"{_fmt(sql_tput.get(z, {}).get('per_second'), 0)} = {_fmt(ratio.get(z), 2)}",
                f"ratio >= {RATIO_GOAL}",
                verdict.get(f"z{zoom}_throughput_ratio", "n/a"),
            )
        )
    for zoom in (16, 14, 12):
        cpu = tput.get(str(zoom), {}).get("cpu") or {}
        sql_cpu = sql_tput.get(str(zoom), {}).get("cpu") or {}
        if cpu:
            out.append(
                (
                    f"  z{zoom} CPU ms/req: gunicorn + postgres + client (SQL: pg + client)",
                    f"{cpu['server_s'] * 1000:.2f} + {cpu['postgres_s'] * 1000:.2f} + "
                    f"{cpu['client_s'] * 1000:.2f} ({sql_cpu.get('postgres_s', 0) * 1000:.2f}"
                    f" + {sql_cpu.get('client_s', 0) * 1000:.2f}); other load "
                    f"{cpu['other_cpu_share']:.0%}",
                    "",
                    "",
                )
            )
    size = result.get("payload") or {}
    fresh = result.get("freshness") or {}
    if not size and not fresh:
        return out
    out.append(
        (
            "z16 GeoJSON bytes/pin raw / gzip",
            f"{_fmt(size.get('raw_bytes_per_pin'))} / {_fmt(size.get('gzip_bytes_per_pin'))}",
            "<= 140",
            f"{verdict['raw_bytes_per_pin']} / {verdict['gzip_bytes_per_pin']}",
        )
    )
    if size:
        out.append(
            (
                "  answers gzipped / with pins / truncated",
                f"{size.get('gzip_answers')} / {size.get('views_with_pins')} / "
                f"{size.get('truncated_answers')}",
                "",
                "",
            )
        )
    out.append(
        (
            "freshness: commit -> visible at z12, s max/median",
            f"{_fmt(fresh.get('max_s'), 3)} / {_fmt(fresh.get('median_s'), 3)}",
            "<= 1",
            verdict["freshness_s"],
        )
    )
    return out


def table(result: dict) -> str:
    """A plain-text table for one N."""
    lines_in = rows(result)
    widths = [max(len(r[i]) for r in lines_in) for i in range(4)]
    lines = [
        "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(r)).rstrip() for r in lines_in
    ]
    lines.insert(1, "-" * max(len(line) for line in lines))
    return "\n".join(lines)


def markdown(result: dict) -> str:
    """The same table in Markdown, for bench/README.md."""
    lines_in = rows(result)
    out = ["| " + " | ".join(lines_in[0]) + " |", "|---|---|---|---|"]
    out += ["| " + " | ".join(cell.strip() or " " for cell in r) + " |" for r in lines_in[1:]]
    return "\n".join(out)


def variant_lines(variant: dict) -> str:
    """The SQL-only variants, each beside the plain statements measured with it."""

    def line(label: str, key: str, zoom: str) -> str:
        figures = variant.get(key, {})
        mine, plain = figures.get("variant", {}), figures.get("plain", {})
        lat = mine.get("latency", {}).get(zoom, {})
        tput = mine.get("throughput", {}).get(zoom, {})
        return (
            f"  {label:<48} p50 {_fmt(lat.get('p50_ms'), 2)} ms (plain "
            f"{_fmt(plain.get('latency', {}).get(zoom, {}).get('p50_ms'), 2)}), "
            f"{_fmt(tput.get('per_second'), 0)} req/s (plain "
            f"{_fmt(plain.get('throughput', {}).get(zoom, {}).get('per_second'), 0)})"
        )

    out = ["SQL-only variant, interleaved with the plain statements:"]
    for zoom in ("16", "14", "12"):
        out.append(line(f"z{zoom} + the session's ping/BEGIN/ROLLBACK", "sql_session_like", zoom))
    for name, what in (variant.get("indexes") or {}).items():
        out.append(f"  index {name}: {what}")
    return "\n".join(out)


def summary_markdown(run: dict) -> str:
    """One Markdown table for a whole run: each N as the app is, and with the indexes."""
    columns = []
    for n, result in run["results"].items():
        columns.append((f"{int(n):,}", result))
        if result.get("with_proposed_indexes"):
            columns.append((f"{int(n):,} + indexes", result["with_proposed_indexes"]))

    def cell(result: dict, figure: str) -> str:
        verdict = verdicts(result)
        http, sql = result.get("http_latency", {}), result.get("sql_latency", {})
        ratio, tput = result.get("throughput_ratio", {}), result.get("http_throughput", {})
        mark = {"met": "", "MISSED": " ✗", "n/a": ""}
        if figure.startswith("lat"):
            zoom = figure[3:]
            h = http.get(zoom, {})
            text = f"{_fmt(h.get('p50_ms'))}"
            flags = mark[verdict.get(f"z{zoom}_p50_ms", "n/a")]
            if zoom == "16":
                text += f" / {_fmt(h.get('p95_ms'))}"
                flags = flags or mark[verdict.get("z16_p95_ms", "n/a")]
            return text + flags
        if figure.startswith("filter "):
            h = http.get(figure[7:], {})
            if not h:
                return "-"
            flag = mark[_verdict(h.get("p50_ms"), GOALS["z12_p50_ms"])]
            return f"{_fmt(h.get('p50_ms'))} / {_fmt(h.get('p95_ms'))}{flag}"
        if figure.startswith("sql"):
            return _fmt(sql.get(figure[3:], {}).get("p50_ms"), 2)
        if figure.startswith("tput"):
            zoom = figure[4:]
            value = ratio.get(zoom)
            if value is None:
                return "-"
            per_second = tput.get(zoom, {}).get("per_second")
            return (
                f"{value:.2f} ({_fmt(per_second, 0)}/s)"
                + mark[verdict.get(f"z{zoom}_throughput_ratio", "n/a")]
            )
        if figure == "bytes":
            size = result.get("payload") or {}
            if not size:
                return "-"
            return (
                f"{_fmt(size.get('raw_bytes_per_pin'))} / {_fmt(size.get('gzip_bytes_per_pin'))}"
                + mark[verdict["raw_bytes_per_pin"]]
            )
        if figure == "fresh":
            fresh = result.get("freshness") or {}
            return _fmt(fresh.get("max_s"), 3) + mark[verdict["freshness_s"]] if fresh else "-"
        return "-"

    figures = (
        ("z16 latency p50 / p95, ms (<= 20 / <= 40)", "lat16"),
        ("z14 latency p50, ms (<= 10)", "lat14"),
        ("z12 latency p50, ms (<= 35)", "lat12"),
        ("z12 with a category filter p50 / p95, ms (<= 35)", "filter 12 category"),
        ("z12 with an area (gu) filter p50 / p95, ms (<= 35)", "filter 12 area"),
        ("z16 raw SQL p50, ms", "sql16"),
        ("z14 raw SQL p50, ms", "sql14"),
        ("z12 raw SQL p50, ms", "sql12"),
        ("z16 throughput endpoint/SQL (>= 0.6), endpoint req/s", "tput16"),
        ("z14 throughput endpoint/SQL (>= 0.6), endpoint req/s", "tput14"),
        ("z12 throughput endpoint/SQL (>= 0.6), endpoint req/s", "tput12"),
        ("z16 GeoJSON bytes/pin raw / gzip (<= 140)", "bytes"),
        ("freshness, s, worst of 5 (<= 1)", "fresh"),
    )
    out = [
        "| figure (goal) | " + " | ".join(name for name, _ in columns) + " |",
        "|---|" + "---|" * len(columns),
    ]
    for label, figure in figures:
        out.append(
            f"| {label} | " + " | ".join(cell(result, figure) for _, result in columns) + " |"
        )
    return "\n".join(out)
