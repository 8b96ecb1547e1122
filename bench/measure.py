"""Measuring tools for bench/run.py: process trees, output folders, a LiveReload client, the machine.

Standard library only. On Linux the process tree is read from /proc: the kernel's per-thread
children lists make a tree walk cost a few reads, where psutil (and a scan of /proc/*/stat) read every
process on the host; a sample of a build's tree costs ~0.1 ms. psutil (in the `bench` extra) is the
fallback elsewhere. So the CI smoke test needs nothing beyond the test extra.

- run_measured(): wall time, CPU (user+sys of the whole tree, from wait4's rusage, which includes
  every descendant the tree reaped), the peak of the tree's summed RSS (sampled every 20 ms) and the
  largest single process's RSS (each process's own high-water mark, VmHWM, sampled; see run_measured).
- LiveReload: a minimal RFC 6455 client (one socket, masked text frames) speaking the LiveReload
  protocol (hello / info / reload), as livereload.js does in a browser tab.
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import json
import os
import platform
import re
import signal
import socket
import struct
import subprocess
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Sequence

try:  # optional: the `bench` extra installs it; /proc is read otherwise
    import psutil
except ImportError:  # pragma: no cover - depends on the environment
    psutil = None

PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
SAMPLE_SECONDS = 0.02



# --- process trees ------------------------------------------------------------------------------


def _proc_children() -> dict[int, list[int]]:
    """ppid -> pids, from /proc/*/stat (the fallback when psutil is not installed)."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    return children


# /proc/PID/task/TID/children (Linux >= 3.5 with CONFIG_PROC_CHILDREN) lists a thread's children, so
# walking a tree costs a few reads; psutil and a scan of /proc/*/stat both read every process on the host.
CHILDREN_FILES = os.path.exists(f"/proc/self/task/{os.getpid()}/children")


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/children", "rb") as f:
                found += [int(x) for x in f.read().split()]
        except OSError:
            pass
    return found


def tree_pids(pid: int) -> list[int]:
    """pid and all its living descendants."""
    if CHILDREN_FILES:
        found, todo = [], [pid]
        while todo:
            p = todo.pop()
            found.append(p)
            todo.extend(_children(p))
        return found
    if psutil is not None:
        try:
            root = psutil.Process(pid)
            return [pid] + [c.pid for c in root.children(recursive=True)]
        except psutil.Error:
            return []
    children = _proc_children()
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(children.get(p, ()))
    return found


def _rss(pid: int) -> int:
    if psutil is not None and not os.path.isdir("/proc/self"):
        try:
            return psutil.Process(pid).memory_info().rss
        except psutil.Error:
            return 0
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * PAGE_SIZE
    except (OSError, IndexError, ValueError):
        return 0


def _cpu(pid: int) -> float:
    """user+sys seconds of one living process (its own threads, not its reaped children)."""
    if psutil is not None and not os.path.isdir("/proc/self"):
        try:
            t = psutil.Process(pid).cpu_times()
            return t.user + t.system
        except psutil.Error:
            return 0.0
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            stat = f.read()
        fields = stat[stat.rindex(b")") + 2:].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    except (OSError, IndexError, ValueError):
        return 0.0


def _hwm(pid: int) -> int:
    """The process's own RSS high-water mark since its last exec (VmHWM), 0 if unknown."""
    try:
        with open(f"/proc/{pid}/status", "rb") as f:
            for line in f:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def tree_hwm(pid: int) -> int:
    """The largest high-water mark of the tree's living processes."""
    return max((_hwm(p) for p in tree_pids(pid)), default=0)


def _name(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/comm", encoding="utf-8", errors="replace") as f:
            return f.read().strip()
    except OSError:
        return "?"


def tree_rss_by_name(pid: int) -> dict[str, int]:
    """RSS of the tree summed per process name (python, pagefind, hugo, ...)."""
    sizes: dict[str, int] = {}
    for p in tree_pids(pid):
        rss = _rss(p)
        if rss:
            name = _name(p)
            sizes[name] = sizes.get(name, 0) + rss
    return sizes


def _pss(pid: int) -> int:
    """Proportional set size: shared pages divided among the processes that share them (0 if unknown)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            for line in f:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def tree_pss(pid: int) -> int:
    """Sum of PSS over the tree: forked workers' copy-on-write pages count once, not once per worker.

    Reading smaps_rollup walks the page tables (~5 ms for a 300 MB process), so it is sampled sparsely.
    """
    return sum(_pss(p) for p in tree_pids(pid))


def tree_rss(pid: int) -> int:
    """Sum of the resident set sizes of pid and its descendants (shared pages count once per process)."""
    return sum(_rss(p) for p in tree_pids(pid))


def tree_cpu(pid: int) -> float:
    """CPU seconds used so far by the living processes of the tree."""
    return sum(_cpu(p) for p in tree_pids(pid))


def stop_tree(proc: subprocess.Popen, grace: float = 10.0) -> None:
    """Terminate a process we started and whatever it started (by pid), then reap it."""
    if proc.poll() is not None:
        return
    pids = tree_pids(proc.pid)
    for pid in reversed(pids):  # children first, so a parent does not respawn or wait on them
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        for pid in tree_pids(proc.pid) or [proc.pid]:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        proc.wait(timeout=grace)


def wait_quiet(pid: int, min_wait: float = 0.3, window: float = 0.4, cpu_share: float = 0.05,
               timeout: float = 120.0) -> float:
    """Wait until the tree has used under cpu_share of one core over `window` seconds.

    Returns the seconds waited. Used between edits so that a server's after-work (our search
    re-index, Hugo's cleanup) never overlaps the next measured edit.
    """
    started = time.monotonic()
    time.sleep(min_wait)
    history: list[tuple[float, float]] = []
    while time.monotonic() - started < timeout:
        now = time.monotonic()
        history.append((now, tree_cpu(pid) + 0.0))
        history = [h for h in history if now - h[0] <= window + 0.05]
        first = history[0]
        # the tree may lose a child between samples (its CPU leaves the sum): a drop counts as busy
        if now - first[0] >= window and 0 <= history[-1][1] - first[1] < cpu_share * window:
            break
        time.sleep(0.05)
    return time.monotonic() - started


@dataclass
class Measurement:
    wall: float
    user: float
    sys: float
    peak_rss: int  # max over samples of the tree's summed RSS (or max_rss if larger)
    max_rss: int  # the largest single process of the tree (sampled VmHWM, or ru_maxrss when it is genuine)
    returncode: int
    samples: int  # RSS samples taken
    timed_out: bool = False
    peak_by_name: dict[str, int] = field(default_factory=dict)  # each process name's own peak (not simultaneous)
    peak_pss: int = 0  # max of the tree's summed PSS, sampled sparsely (see run_measured); 0 if unavailable

    @property
    def cpu(self) -> float:
        return self.user + self.sys

    def as_dict(self) -> dict:
        return asdict(self) | {"cpu": self.cpu}


def run_measured(cmd: Sequence[str], cwd: Path, log: Path, env: dict | None = None,
                 timeout: float = 3600.0, interval: float = SAMPLE_SECONDS) -> Measurement:
    """Run cmd to completion; stdout and stderr go to `log`. Measures the whole process tree.

    The largest process: the kernel's ru_maxrss of a forked child starts from the size of the
    process that forked it (the copied page tables count until exec, and exec keeps the maximum),
    so under a large runner (pytest: 110 MB) it reports the runner. Each process's VmHWM restarts
    at exec, so the sampled maximum of VmHWM is the honest figure; ru_maxrss is kept only when it
    exceeds this runner's own size at the fork, where it is a real peak the sampler may have missed.
    """
    peak = 0
    hwm = 0
    samples = 0
    by_name: dict[str, int] = {}
    peak_pss = 0
    done = threading.Event()
    timed_out = False
    with open(log, "wb") as out:
        runner_rss = _hwm(os.getpid())
        started = time.perf_counter()
        proc = subprocess.Popen(list(cmd), cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL)

        def sample() -> None:
            nonlocal peak, samples, timed_out, peak_pss, hwm
            next_pss = 0.0
            while not done.is_set():
                now = time.perf_counter()
                if now >= next_pss:  # PSS costs ms per process: spend at most ~5% of one core on it
                    peak_pss = max(peak_pss, tree_pss(proc.pid))
                    spent = time.perf_counter() - now
                    next_pss = time.perf_counter() + max(SAMPLE_SECONDS, 20 * spent)
                sizes = tree_rss_by_name(proc.pid)
                hwm = max(hwm, tree_hwm(proc.pid))
                samples += 1
                peak = max(peak, sum(sizes.values()))
                for name, rss in sizes.items():
                    by_name[name] = max(by_name.get(name, 0), rss)
                if time.perf_counter() - started > timeout:
                    timed_out = True
                    for pid in reversed(tree_pids(proc.pid)):
                        try:
                            os.kill(pid, signal.SIGKILL)
                        except ProcessLookupError:
                            pass
                    return
                done.wait(interval)

        sampler = threading.Thread(target=sample, name="rss-sampler", daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)  # rusage of the child and every descendant it reaped
        wall = time.perf_counter() - started
        done.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
    reaped_max = usage.ru_maxrss * 1024  # KiB on Linux
    max_rss = max(hwm, reaped_max if reaped_max > runner_rss else 0) or reaped_max
    return Measurement(wall=wall, user=usage.ru_utime, sys=usage.ru_stime, peak_rss=max(peak, max_rss),
                       max_rss=max_rss, returncode=proc.returncode, samples=samples, timed_out=timed_out,
                       peak_by_name=by_name, peak_pss=peak_pss)


# --- output folders -----------------------------------------------------------------------------


@dataclass
class OutputSize:
    pages: int  # .html files
    files: int
    bytes: int


def output_size(folder: Path) -> OutputSize:
    pages = files = size = 0
    stack = [str(folder)]
    while stack:
        with os.scandir(stack.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                elif entry.is_file(follow_symlinks=False):
                    files += 1
                    size += entry.stat(follow_symlinks=False).st_size
                    pages += entry.name.endswith(".html")
    return OutputSize(pages, files, size)


# --- HTTP and LiveReload ------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http_get(port: int, path: str, timeout: float = 10.0, follow: bool = False) -> tuple[int, bytes]:
    """GET a path on 127.0.0.1; with follow, through up to five redirects (a page that moved)."""
    for _ in range(6 if follow else 1):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            status, body, location = response.status, response.read(), response.getheader("Location")
        finally:
            conn.close()
        if not (follow and status in (301, 302, 303, 307, 308) and location):
            break
        path = location
    return status, body


def wait_http(port: int, proc: subprocess.Popen, timeout: float) -> float | None:
    """Seconds until GET / answers 200, or None if the process died or the time ran out."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if proc.poll() is not None:
            return None
        try:
            if http_get(port, "/", timeout=5)[0] == 200:
                return time.perf_counter() - started
        except OSError:
            pass
        time.sleep(0.05)
    return None


class WebSocketClosed(Exception):
    pass


class WebSocket:
    """The client half of RFC 6455, enough for LiveReload: text frames, ping/pong, close."""

    GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    def __init__(self, host: str, port: int, path: str, timeout: float = 10.0):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        request = (f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
                   f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
                   f"Origin: http://{host}:{port}\r\n\r\n")
        self.sock.sendall(request.encode())
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise WebSocketClosed("connection closed during the handshake")
            data += chunk
        head, self.buffer = data.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        if " 101 " not in lines[0] + " ":
            raise WebSocketClosed(f"no upgrade: {lines[0]}")
        headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
        expected = base64.b64encode(hashlib.sha1((key + self.GUID).encode()).digest()).decode()
        if headers.get("sec-websocket-accept") != expected:
            raise WebSocketClosed("bad Sec-WebSocket-Accept")

    def _send(self, opcode: int, payload: bytes) -> None:
        mask = os.urandom(4)
        n = len(payload)
        if n < 126:
            header = struct.pack("!BB", 0x80 | opcode, 0x80 | n)
        elif n < 1 << 16:
            header = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, n)
        else:
            header = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, n)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(header + mask + masked)

    def send_text(self, text: str) -> None:
        self._send(0x1, text.encode())

    def _read(self, n: int, deadline: float) -> bytes:
        while len(self.buffer) < n:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            self.sock.settimeout(remaining)
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                raise TimeoutError from None
            if not chunk:
                raise WebSocketClosed("connection closed")
            self.buffer += chunk
        data, self.buffer = self.buffer[:n], self.buffer[n:]
        return data

    def recv_text(self, timeout: float) -> str | None:
        """The next text message, or None when none arrives within timeout seconds.

        A frame that started arriving is read to its end (the deadline is only checked between frames).
        """
        deadline = time.monotonic() + timeout
        parts: list[bytes] = []
        while True:
            try:
                b0, b1 = self._read(2, deadline)
            except TimeoutError:
                if parts:
                    raise
                return None
            frame_deadline = max(deadline, time.monotonic() + 10)
            opcode, n = b0 & 0x0F, b1 & 0x7F
            if n == 126:
                n = struct.unpack("!H", self._read(2, frame_deadline))[0]
            elif n == 127:
                n = struct.unpack("!Q", self._read(8, frame_deadline))[0]
            mask = self._read(4, frame_deadline) if b1 & 0x80 else b""
            payload = self._read(n, frame_deadline)
            if mask:
                payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
            if opcode == 0x8:
                raise WebSocketClosed("server closed the connection")
            if opcode == 0x9:
                self._send(0xA, payload)
                continue
            if opcode == 0xA:
                continue
            parts.append(payload)
            if b0 & 0x80:
                return b"".join(parts).decode("utf-8", "replace")

    def close(self) -> None:
        try:
            self._send(0x8, struct.pack("!H", 1000))
        except OSError:
            pass
        self.sock.close()


class LiveReload:
    """What livereload.js does in a tab: hello, info (registers the tab), then wait for reload."""

    PROTOCOL = "http://livereload.com/protocols/official-7"

    def __init__(self, port: int, page_url: str, timeout: float = 10.0):
        self.ws = WebSocket("127.0.0.1", port, "/livereload", timeout=timeout)
        # compact JSON: Hugo looks for the bytes `"command":"hello"` rather than parsing the message
        self.ws.send_text(json.dumps({"command": "hello", "protocols": [self.PROTOCOL]}, separators=(",", ":")))
        deadline = time.monotonic() + timeout
        while True:
            message = self.ws.recv_text(max(0.0, deadline - time.monotonic()))
            if message is None:
                raise WebSocketClosed("no hello from the server")
            if json.loads(message).get("command") == "hello":
                break
        self.ws.send_text(json.dumps({"command": "info", "url": page_url, "plugins": {}}, separators=(",", ":")))

    def drain(self) -> list[dict]:
        """Read whatever messages are already waiting."""
        messages = []
        while (message := self.ws.recv_text(0.01)) is not None:
            messages.append(json.loads(message))
        return messages

    def wait_reload(self, timeout: float) -> tuple[float, dict] | None:
        """(perf_counter when a reload message arrived, the message), or None on timeout."""
        deadline = time.monotonic() + timeout
        while True:
            message = self.ws.recv_text(max(0.0, deadline - time.monotonic()))
            if message is None:
                return None
            data = json.loads(message)
            if data.get("command") == "reload":
                return time.perf_counter(), data

    def close(self) -> None:
        self.ws.close()


# --- the machine --------------------------------------------------------------------------------


def filesystem(path: Path) -> dict[str, str]:
    """The mount holding path: its type and mount point (longest matching mount in /proc/mounts)."""
    target = os.path.realpath(path)
    best = ("?", "?")
    try:
        with open("/proc/mounts", encoding="utf-8") as f:
            for line in f:
                _, mount, kind, *_ = line.split()
                mount = mount.replace("\\040", " ")
                inside = target == mount or target.startswith(mount.rstrip("/") + "/")
                if inside and len(mount) >= len(best[1] if best[1] != "?" else ""):
                    best = (kind, mount)
    except OSError:
        pass
    return {"type": best[0], "mount": best[1]}


def _first(path: str, pattern: str) -> str | None:
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    match = re.search(pattern, text, re.MULTILINE)
    return match.group(1).strip() if match else None


def _run_text(cmd: Sequence[str], cwd: Path | None = None) -> str | None:
    try:
        done = subprocess.run(list(cmd), cwd=cwd, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def git_state(repo: Path) -> str:
    commit = _run_text(["git", "rev-parse", "--short=12", "HEAD"], cwd=repo) or "unknown"
    changed = _run_text(["git", "status", "--porcelain", "--untracked-files=no"], cwd=repo)
    if changed:
        n = len(changed.splitlines())
        return f"{commit} + uncommitted changes to {n} tracked file{'s' * (n != 1)}"
    return commit


def machine(work: Path, repo: Path) -> dict:
    mem_kib = _first("/proc/meminfo", r"^MemTotal:\s+(\d+)")
    try:
        affinity = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        affinity = os.cpu_count()
    return {
        "cpu": _first("/proc/cpuinfo", r"^model name\s*:\s*(.+)$") or platform.processor() or "?",
        "cores": os.cpu_count(),
        "cores_usable": affinity,
        "ram_gib": round(int(mem_kib) / 1024 / 1024, 1) if mem_kib else None,
        "os": _first("/etc/os-release", r'^PRETTY_NAME="?([^"\n]+)"?') or platform.platform(),
        "kernel": platform.release(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "work_fs": filesystem(work),
        "python": platform.python_version(),
        "psutil": getattr(psutil, "__version__", None),
        "ours": git_state(repo),
    }
