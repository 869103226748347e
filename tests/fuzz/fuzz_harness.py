"""Mutation fuzzing of the readers: the corpus and the example, in every format.

Seeds are the committed corpus texts (``tests/corpus/*.txt``) and the bundled
example, the committed samples of real programs (``tests/fixtures/inputs``: xls and
ods among them), plus the example's and a few corpus files' tables written to xlsx,
docx, pdf, html, csv and json by the project's own exporters. Each input is a seed
put through one to three mutations (byte flips, truncation, repeated chunks, random
bytes, shuffled lines, ZIP header and part edits, PDF xref/stream edits, OLE2 header
edits) and
read in-process by :func:`jixiao.ingest.read_bytes_strict`, the readers without the
last-resort guard: an exception there is a gap in a reader's own handling, and
:func:`jixiao.ingest.read_bytes` must still turn it into a coded problem.

Run ``python tests/fuzz/fuzz_harness.py --seconds 300 --seed 7`` (``make fuzz``);
``--save tests/fuzz/regressions`` keeps every input that raised as a regression file.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import resource
import signal
import struct
import sys
import tempfile
import time
import warnings
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from types import FrameType

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "tests" / "corpus"
EXAMPLE = REPO / "src" / "jixiao" / "data" / "examples" / "wuhu-2024-targets.txt"
#: Committed samples written by real programs (LibreOffice, Word, WPS): xls and ods too.
FIXTURES = REPO / "tests" / "fixtures" / "inputs"
REGRESSIONS = Path(__file__).resolve().parent / "regressions"
EXPORT_FORMATS = ("xlsx", "docx", "pdf", "html", "csv", "json")
#: Seconds after which an input counts as slow (the issue's bound).
SLOW_SECONDS = 5.0
#: Seconds after which an input is stopped and counted as a hang.
HANG_SECONDS = 60.0
#: Address space a run may add before allocations fail (MemoryError is reported).
MEMORY_HEADROOM_MB = 2048
#: Corpus files, besides the example, whose tables are exported to every format.
EXPORTED_CORPUS = 3


@dataclass(frozen=True)
class Seed:
    """One unmutated input: where it came from, its format and its bytes."""

    label: str
    ext: str
    data: bytes


@dataclass
class Finding:
    """An input that raised, hung or was slow."""

    seed: str
    ext: str
    mutations: tuple[str, ...]
    seconds: float
    data: bytes
    error: str = ""
    index: int = -1

    @property
    def digest(self) -> str:
        """The input's short content hash (names its regression file)."""
        return hashlib.sha1(self.data).hexdigest()[:12]

    def describe(self) -> str:
        """One line for the report."""
        how = "+".join(self.mutations)
        where = f"#{self.index} {self.seed}.{self.ext}"
        return f"{where} [{how}] {self.seconds:.2f}s {self.digest} {self.error}".rstrip()


@dataclass
class Report:
    """What one run found."""

    seed: int
    seconds: float = 0.0
    inputs: int = 0
    by_ext: Counter[str] = field(default_factory=Counter)
    by_mutation: Counter[str] = field(default_factory=Counter)
    raises: list[Finding] = field(default_factory=list)
    escapes: list[Finding] = field(default_factory=list)
    hangs: list[Finding] = field(default_factory=list)
    slow: list[Finding] = field(default_factory=list)
    slowest: float = 0.0
    peak_rss_mb: float = 0.0
    rss_growth_mb: float = 0.0

    def lines(self) -> list[str]:
        """The human report, one line each."""
        out = [
            f"seed {self.seed}: {self.inputs} inputs in {self.seconds:.0f} s; "
            f"slowest {self.slowest:.2f} s; peak memory {self.peak_rss_mb:.0f} MB "
            f"(+{self.rss_growth_mb:.0f} MB during the run)",
            "by format: " + ", ".join(f"{k} {v}" for k, v in sorted(self.by_ext.items())),
            "by mutation: " + ", ".join(f"{k} {v}" for k, v in sorted(self.by_mutation.items())),
            f"raised in a reader: {len(self.raises)}; escaped the guard: {len(self.escapes)}; "
            f"hangs (> {HANG_SECONDS:g} s): {len(self.hangs)}; slow (> {SLOW_SECONDS:g} s): {len(self.slow)}",
        ]
        for title, found in (
            ("RAISED", self.raises),
            ("ESCAPED", self.escapes),
            ("HANG", self.hangs),
            ("SLOW", self.slow),
        ):
            out += [f"  {title} {f.describe()}" for f in found]
        return out


# --- seeds ------------------------------------------------------------------------


def text_seeds() -> list[Seed]:
    """The example and every corpus text, as stored."""
    paths = [EXAMPLE, *sorted(CORPUS.glob("*.txt"))]
    return [Seed(p.stem, "txt", p.read_bytes()) for p in paths]


def fixture_seeds() -> list[Seed]:
    """The committed sample files of every reader's format (xls and ods only exist here)."""
    return [Seed(p.stem, p.suffix.lstrip("."), p.read_bytes()) for p in sorted(FIXTURES.iterdir())]


def exported_seeds(rng: random.Random, workdir: Path) -> list[Seed]:
    """The example's and a few corpus files' tables, written in every export format."""
    from jixiao.export.formats import FORMATS
    from jixiao.ingest import read_path

    corpus = sorted(CORPUS.glob("*.txt"))
    sources = [EXAMPLE, *rng.sample(corpus, min(EXPORTED_CORPUS, len(corpus)))]
    seeds: list[Seed] = []
    for source in sources:
        tables = read_path(source).tables
        if not tables:
            continue
        for fmt in EXPORT_FORMATS:
            out = workdir / f"{source.stem}.{fmt}"
            FORMATS[fmt].write(tables, out)
            seeds.append(Seed(source.stem, fmt, out.read_bytes()))
    return seeds


# --- mutations --------------------------------------------------------------------

Mutator = Callable[[random.Random, bytes], bytes]


def flip(rng: random.Random, data: bytes) -> bytes:
    """Flip a few bits, or overwrite a few bytes with boundary values."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 16)):
        if not out:
            break
        i = rng.randrange(len(out))
        out[i] = (
            out[i] ^ (1 << rng.randrange(8))
            if rng.random() < 0.7
            else rng.choice((0, 0x7F, 0x80, 0xFF))
        )
    return bytes(out)


def truncate(rng: random.Random, data: bytes) -> bytes:
    """Cut the file short (a broken download)."""
    return data[: rng.randrange(len(data))] if data else data


def repeat(rng: random.Random, data: bytes) -> bytes:
    """Repeat a chunk several times in place."""
    if not data:
        return data
    i = rng.randrange(len(data))
    chunk = data[i : i + rng.randint(1, 4096)]
    return data[:i] + chunk * rng.randint(2, 64) + data[i:]


def random_bytes(rng: random.Random, data: bytes) -> bytes:
    """Replace a span with random bytes, or the whole file."""
    if rng.random() < 0.2 or not data:
        return rng.randbytes(rng.randint(0, 65536))
    i = rng.randrange(len(data))
    n = rng.randint(1, 2048)
    return data[:i] + rng.randbytes(n) + data[i + n :]


def shuffle_lines(rng: random.Random, data: bytes) -> bytes:
    """Shuffle a window of lines (or all of them)."""
    lines = data.split(b"\n")
    if len(lines) < 2:
        return data
    i = rng.randrange(len(lines))
    j = min(len(lines), i + rng.randint(2, 200)) if rng.random() < 0.8 else len(lines)
    window = lines[i:j]
    rng.shuffle(window)
    return b"\n".join(lines[:i] + window + lines[j:])


# ZIP header fields (offset inside the record, struct format), local and central.
_LOCAL_FIELDS = (
    (4, "B"),
    (6, "<H"),
    (8, "<H"),
    (14, "<I"),
    (18, "<I"),
    (22, "<I"),
    (26, "<H"),
    (28, "<H"),
)
_CENTRAL_FIELDS = (
    (6, "B"),
    (8, "<H"),
    (10, "<H"),
    (16, "<I"),
    (20, "<I"),
    (24, "<I"),
    (28, "<H"),
    (30, "<H"),
    (42, "<I"),
)
_END_FIELDS = ((8, "<H"), (10, "<H"), (12, "<I"), (16, "<I"), (20, "<H"))
_VERSIONS = (0, 10, 20, 45, 63, 64, 70, 80, 97, 255)


def zip_header(rng: random.Random, data: bytes) -> bytes:
    """Edit fields of the ZIP's local, central or end records (versions, methods, sizes, offsets)."""
    spots = [
        (m, fields)
        for sig, fields in (
            (b"PK\x03\x04", _LOCAL_FIELDS),
            (b"PK\x01\x02", _CENTRAL_FIELDS),
            (b"PK\x05\x06", _END_FIELDS),
        )
        for m in _find_all(data, sig)
    ]
    if not spots:
        return flip(rng, data)
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        pos, fields = rng.choice(spots)
        offset, fmt = rng.choice(fields)
        size = struct.calcsize(fmt)
        if pos + offset + size > len(out):
            continue
        if fmt == "B":
            value = rng.choice(_VERSIONS)
        else:
            old = struct.unpack_from(fmt, out, pos + offset)[0]
            top = 0xFFFF if fmt == "<H" else 0xFFFFFFFF
            value = rng.choice(
                (0, 1, top, old + 1, old - 1 if old else 0, old * 2 & top, rng.randint(0, top))
            )
        struct.pack_into(
            fmt,
            out,
            pos + offset,
            value & (0xFF if fmt == "B" else 0xFFFFFFFF if fmt == "<I" else 0xFFFF),
        )
    return bytes(out)


def zip_parts(rng: random.Random, data: bytes) -> bytes:
    """Rewrite the package: drop a part, duplicate one, point a relationship at itself, garble XML."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as zf:
            parts = [(i, zf.read(i)) for i in zf.infolist()]
    except Exception:  # noqa: BLE001 - not a readable zip: fall back to bytes
        return flip(rng, data)
    if not parts:
        return data
    op = rng.choice(("drop", "dup", "loop", "garble", "missing-target"))
    k = rng.randrange(len(parts))
    if op == "drop":
        parts.pop(k)
    elif op == "dup":
        parts.insert(rng.randrange(len(parts) + 1), parts[k])
    elif op in ("loop", "missing-target"):
        rels = [j for j, (i, _) in enumerate(parts) if i.filename.endswith(".rels")]
        if rels:
            j = rng.choice(rels)
            info, body = parts[j]
            # A relationship whose target is its own part loops; one to a missing part dangles.
            own = info.filename.replace("_rels/", "").removesuffix(".rels").rsplit("/", 1)[-1]
            target = own if op == "loop" else "nowhere/missing.xml"
            body = _replace_targets(rng, body, target.encode())
            parts[j] = (info, body)
    else:
        info, body = parts[k]
        parts[k] = (info, rng.choice((flip, truncate, repeat, shuffle_lines))(rng, body))
    out = BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zw:
        warnings.simplefilter("ignore")  # a duplicated part is the point
        for info, body in parts:
            zw.writestr(info.filename, body)
    return out.getvalue()


def _replace_targets(rng: random.Random, body: bytes, target: bytes) -> bytes:
    pieces = body.split(b'Target="')
    if len(pieces) < 2:
        return body
    k = rng.randrange(1, len(pieces))
    rest = pieces[k].split(b'"', 1)
    pieces[k] = target + b'"' + (rest[1] if len(rest) > 1 else b"")
    return b'Target="'.join(pieces)


def pdf_structure(rng: random.Random, data: bytes) -> bytes:
    """Break the PDF's xref table, startxref, a /Length, a stream's bytes or the page tree."""
    op = rng.choice(("xref", "startxref", "length", "stream", "kids"))
    if op == "xref":
        i = data.rfind(b"xref")
        if i >= 0:
            j = i + rng.randint(5, 200)
            return data[:i] + flip(rng, data[i:j]) + data[j:]
    elif op == "startxref":
        i = data.rfind(b"startxref")
        if i >= 0:
            return (
                data[: i + 10]
                + str(rng.choice((0, 1, 10**9, len(data) // 2))).encode()
                + b"\n%%EOF\n"
            )
    elif op == "length":
        spots = _find_all(data, b"/Length ")
        if spots:
            i = rng.choice(spots) + 8
            j = i
            while j < len(data) and data[j : j + 1].isdigit():
                j += 1
            return (
                data[:i] + str(rng.choice((0, 1, 10**7, rng.randint(0, 99999)))).encode() + data[j:]
            )
    elif op == "stream":
        spots = _find_all(data, b"stream\n") + _find_all(data, b"stream\r\n")
        if spots:
            i = rng.choice(spots) + 8
            j = i + rng.randint(1, 512)
            return data[:i] + rng.choice((flip, random_bytes))(rng, data[i:j]) + data[j:]
    elif op == "kids":
        spots = _find_all(data, b"/Kids [")
        if spots:
            i = rng.choice(spots) + 7
            # The pages node lists itself as a kid: a loop in the page tree.
            obj = data.rfind(b" 0 obj", 0, i)
            start = data.rfind(b"\n", 0, obj) + 1
            own = data[start:obj].strip()
            if own.isdigit():
                return data[:i] + own + b" 0 R " + data[i:]
    return flip(rng, data)


# OLE2 header fields (xls): sector sizes, FAT count, directory start, mini cutoff, ...
_OLE_FIELDS = (
    (30, "<H"),
    (32, "<H"),
    (44, "<I"),
    (48, "<I"),
    (56, "<I"),
    (60, "<I"),
    (64, "<I"),
    (68, "<I"),
    (72, "<I"),
    (76, "<I"),
)


def ole_header(rng: random.Random, data: bytes) -> bytes:
    """Edit the OLE2 header of a legacy workbook: sector shifts, FAT and directory positions."""
    if len(data) < 512:
        return flip(rng, data)
    out = bytearray(data)
    for _ in range(rng.randint(1, 3)):
        offset, fmt = rng.choice(_OLE_FIELDS)
        top = 0xFFFF if fmt == "<H" else 0xFFFFFFFF
        old = struct.unpack_from(fmt, out, offset)[0]
        struct.pack_into(
            fmt, out, offset, rng.choice((0, 1, top, top - 1, (old + 1) & top, rng.randint(0, top)))
        )
    return bytes(out)


def _find_all(data: bytes, needle: bytes) -> list[int]:
    out, i = [], data.find(needle)
    while i >= 0 and len(out) < 10_000:
        out.append(i)
        i = data.find(needle, i + 1)
    return out


GENERIC: dict[str, Mutator] = {
    "flip": flip,
    "truncate": truncate,
    "repeat": repeat,
    "random": random_bytes,
    "shuffle-lines": shuffle_lines,
}
BY_FORMAT: dict[str, dict[str, Mutator]] = {
    "xlsx": {"zip-header": zip_header, "zip-parts": zip_parts},
    "docx": {"zip-header": zip_header, "zip-parts": zip_parts},
    "ods": {"zip-header": zip_header, "zip-parts": zip_parts},
    "pdf": {"pdf-structure": pdf_structure},
    "xls": {"ole-header": ole_header},
}


def mutate(rng: random.Random, seed: Seed) -> tuple[bytes, tuple[str, ...]]:
    """Given a seed, return one to three mutations of it and their names."""
    table = GENERIC | BY_FORMAT.get(seed.ext, {})
    # Format-aware edits reach past the first check of a container; give them weight.
    names = list(table) + list(BY_FORMAT.get(seed.ext, {})) * 2
    data, used = seed.data, []
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        name = rng.choice(names)
        data = table[name](rng, data)
        used.append(name)
    return data, tuple(used)


# --- running ----------------------------------------------------------------------


class _Hang(Exception):
    pass


def _alarm(_signum: int, _frame: FrameType | None) -> None:
    raise _Hang


def _rss_mb() -> float:
    # ru_maxrss is kB on Linux: the process's peak, C and Rust allocations included.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def inputs(seed: int, seeds: list[Seed]) -> Iterator[tuple[int, Seed, bytes, tuple[str, ...]]]:
    """Endless mutated inputs, formats taken in turn so each gets its share.

    Input ``n`` draws from its own generator (``seed/n``), so it can be made again
    without replaying the run (``--replay``), whatever came before it.
    """
    by_ext: dict[str, list[Seed]] = {}
    for s in seeds:
        by_ext.setdefault(s.ext, []).append(s)
    exts = sorted(by_ext)
    n = 0
    while True:
        rng = random.Random(f"{seed}/{n}")
        source = rng.choice(by_ext[exts[n % len(exts)]])
        data, used = mutate(rng, source)
        yield n, source, data, used
        n += 1


def run(seconds: float, seed: int, save: Path | None = None, workdir: Path | None = None) -> Report:
    """Given a time budget and a seed, fuzz the readers and return the report."""
    from jixiao.ingest import read_bytes, read_bytes_strict

    rng = random.Random(seed)
    report = Report(seed)
    start_rss = _rss_mb()
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        seeds = text_seeds() + fixture_seeds() + exported_seeds(rng, workdir or Path(tmp))
    previous = signal.signal(signal.SIGALRM, _alarm)
    limits = _limit_memory()
    # The input being read is on disk first: if a reader takes the whole process down
    # (a C library fault, an allocation the kernel kills for), it is still there.
    current = Path(tempfile.gettempdir()) / f"jixiao-fuzz-{seed}-current"
    try:
        for n, source, data, used in inputs(seed, seeds):
            if time.monotonic() - started >= seconds:
                break
            name = f"{source.label}.{source.ext}"
            current.write_bytes(data)
            finding = _one(read_bytes_strict, read_bytes, data, name, source, used, report)
            finding.index = n
            report.inputs += 1
            report.by_ext[source.ext] += 1
            report.by_mutation.update(used)
            report.slowest = max(report.slowest, finding.seconds)
            if finding.seconds > SLOW_SECONDS:
                report.slow.append(finding)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
        resource.setrlimit(resource.RLIMIT_AS, limits)
    current.unlink(missing_ok=True)
    report.seconds = time.monotonic() - started
    report.peak_rss_mb = _rss_mb()
    report.rss_growth_mb = report.peak_rss_mb - start_rss
    if save is not None:
        keep(report.raises + report.escapes + report.hangs + report.slow, save)
    return report


def _limit_memory() -> tuple[int, int]:
    # An input that makes a reader allocate without bound must fail with MemoryError
    # (reported) instead of drawing the kernel's OOM killer onto a shared machine.
    limits = resource.getrlimit(resource.RLIMIT_AS)
    status = Path("/proc/self/status")
    if status.exists():
        found = re.search(r"VmSize:\s+(\d+) kB", status.read_text())
        if found:
            cap = int(found.group(1)) * 1024 + MEMORY_HEADROOM_MB * 1024 * 1024
            hard = limits[1]
            resource.setrlimit(resource.RLIMIT_AS, (cap if hard < 0 else min(cap, hard), hard))
    return limits


def _one(strict, guarded, data, name, source, used, report) -> Finding:  # noqa: ANN001
    finding = Finding(source.label, source.ext, used, 0.0, data)
    began = time.perf_counter()
    signal.setitimer(signal.ITIMER_REAL, HANG_SECONDS)
    try:
        strict(data, name)
    except _Hang:
        report.hangs.append(finding)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # noqa: BLE001 - a Rust panic is a BaseException
        finding.error = f"{type(exc).__name__}: {str(exc)[:120]}"
        report.raises.append(finding)
        try:
            result = guarded(data, name)
            if not any(
                p.severity == "error" and p.code.startswith("parse.") for p in result.problems
            ):
                raise AssertionError("the guard returned no coded problem")
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as again:  # noqa: BLE001
            report.escapes.append(Finding(source.label, source.ext, used, 0.0, data, repr(again)))
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    finding.seconds = time.perf_counter() - began
    return finding


def keep(found: list[Finding], folder: Path) -> list[Path]:
    """Given findings, write each input as a regression file (named by format, mutation, hash)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for f in found:
        path = folder / f"{f.ext}-{'+'.join(f.mutations)}-{f.digest}.{f.ext}"
        path.write_bytes(f.data)
        out.append(path)
    return out


def replay(seed: int, index: int, folder: Path) -> Path:
    """Given a run's seed and an input's number, write that input again into folder."""
    with tempfile.TemporaryDirectory() as tmp:
        seeds = text_seeds() + fixture_seeds() + exported_seeds(random.Random(seed), Path(tmp))
    for n, source, data, used in inputs(seed, seeds):
        if n == index:
            return keep([Finding(source.label, source.ext, used, 0.0, data)], folder)[0]
    raise AssertionError("unreachable: inputs() is endless")


def main(argv: list[str] | None = None) -> int:
    """Run the fuzzer from the command line; exit 1 when an input raised, hung or escaped."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=300.0)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument(
        "--save", type=Path, help="folder for inputs that raised, hung or were slow"
    )
    parser.add_argument(
        "--replay", type=int, metavar="N", help="only write input N of --seed to --save"
    )
    args = parser.parse_args(argv)
    if args.replay is not None:
        sys.stdout.write(f"{replay(args.seed, args.replay, args.save or Path('.'))}\n")
        return 0
    report = run(args.seconds, args.seed, args.save)
    sys.stdout.write("\n".join(report.lines()) + "\n")
    return 1 if report.raises or report.escapes or report.hangs else 0


if __name__ == "__main__":
    sys.exit(main())
