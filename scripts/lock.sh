#!/usr/bin/env bash
# Pin the dependencies of pyproject.toml in two lock files (needs uv: `pip install uv`):
#   requirements.lock      what runs in production: [project] dependencies, nothing else
#   requirements-dev.lock  `-r requirements.lock` plus the `dev` extra (tests, browser tests, lint)
# Pins already in the files are kept; pass uv's options to move them, e.g. `scripts/lock.sh --upgrade-package django`.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v uv >/dev/null || { echo "scripts/lock.sh needs uv (pip install uv)."; exit 1; }
compile=(uv pip compile pyproject.toml --python-version 3.12 --custom-compile-command scripts/lock.sh --quiet)
"${compile[@]}" -o requirements.lock "$@"
# uv keeps the pins of the file it writes: start from the current dev pins, then drop what requirements.lock pins.
full=$(mktemp -p "$PWD" .requirements-dev.XXXXXX)  # beside the files: "-r requirements.lock" resolves
trap 'rm -f "$full"' EXIT
cp requirements-dev.lock "$full" 2>/dev/null || true
"${compile[@]}" --extra dev -c requirements.lock -o "$full" "$@"
python3 - "$full" <<'PY'
import re, sys

runtime = set(re.findall(r"^([a-z0-9._-]+)==", open("requirements.lock").read(), re.M))
header, blocks = [], []
for line in open(sys.argv[1]).read().splitlines():
    if re.match(r"[a-z0-9]", line):
        blocks.append([line])
    elif blocks:
        if "-c requirements.lock" not in line:
            blocks[-1].append(line)
    else:
        header.append(line)
kept = [b for b in blocks if b[0].split("==")[0] not in runtime]
lines = header + ["-r requirements.lock"] + [line for block in kept for line in block]
# "# via" with nothing left under it (only the -c line was there): drop it.
text = re.sub(r"\n    # via\n(?=[a-z0-9])", "\n", "\n".join(lines) + "\n")
open("requirements-dev.lock", "w").write(text)
PY
