"""What one uploaded photo costs to clean: time and peak memory, worst cases included.

    .venv/bin/python bench/photo_cost.py

Each case runs in a fresh process, so the peak resident memory it reports belongs
to that one photo (decode, orient, scale, re-encode): the figure a worker pays per file.
"""

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = [
    ("phone photo, 12 MP JPEG", "JPEG", 4000, 3000),
    ("48 MP JPEG", "JPEG", 8000, 6000),
    ("64 MP JPEG (the largest accepted)", "JPEG", 9237, 6927),
    ("12 MP PNG", "PNG", 4000, 3000),
    ("24 MP PNG (the largest accepted)", "PNG", 6000, 4000),
    ("24 MP PNG, 3 px short of halving", "PNG", 5997, 4001),
    ("pixel bomb PNG, 39.7 MP (refused)", "PNG", 6300, 6300),
]


def _status_kb(field):
    line = next(line for line in Path("/proc/self/status").read_text().splitlines() if line.startswith(field))
    return int(line.split()[1])


def _reset_peak():
    Path("/proc/self/clear_refs").write_text("5")  # Linux: the peak (VmHWM) starts again from now


def make(kind, width, height, path):
    from PIL import Image

    Image.new("RGB", (width, height), (200, 30, 30)).save(path, kind, **({"quality": 90} if kind == "JPEG" else {}))


def one(path):
    sys.path.insert(0, str(ROOT))
    from django.conf import settings

    settings.configure(USE_I18N=False)  # the refusal message, untranslated: no apps needed
    from django.core.exceptions import ValidationError

    from gorently.images import clean_image

    data = Path(path).read_bytes()
    _reset_peak()  # the imports' own peak would hide the photo's
    before = _status_kb("VmRSS:")
    started = time.perf_counter()
    try:
        stored = f"{clean_image(data, name='photo', longest_side=2000).size // 1024} KB stored"
    except ValidationError:
        stored = "refused"
    elapsed = time.perf_counter() - started
    peak = (_status_kb("VmHWM:") - before) / 1024
    print(f"{len(data) // 1024:>7} KB  {elapsed * 1000:>6.0f} ms  {peak:>5.0f} MB  {stored}")


if __name__ == "__main__":
    if len(sys.argv) == 2:
        one(sys.argv[1])
    else:
        print(f"{'case':<36}{'upload':>10}{'time':>10}{'peak':>8}  result")
        with tempfile.TemporaryDirectory() as folder:
            for label, kind, width, height in CASES:
                path = Path(folder) / f"{width}x{height}.{kind.lower()}"
                make(kind, width, height, path)  # made here, so the measuring process holds only the upload
                run = subprocess.run([sys.executable, __file__, path], capture_output=True, text=True, check=True)
                print(f"{label:<36}{run.stdout.strip()}")
