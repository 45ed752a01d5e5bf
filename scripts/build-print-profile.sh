#!/usr/bin/env bash
# Build the FOGRA39 output profile of the print master (interviews.pdf.print_master) into var/icc/fogra39.icc,
# from FOGRA's characterization data as Debian ships it (icc-profiles-free, zlib licence) with ArgyllCMS's
# colprof (argyll): total ink limit 300 %, black limit 95 %, black generated along a ramp. Idempotent: an
# existing profile is kept. The profile is generated here, never committed (docs/pdf.md, "Print master").
set -euo pipefail
cd "$(dirname "$0")/.."
target=${PRINT_ICC_PROFILE:-var/icc/fogra39.icc}
[ -s "$target" ] && exit 0
scripts/need-packages.sh cmd:colprof=argyll file:/usr/share/color/icc/FOGRA39L.ti3=icc-profiles-free
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp /usr/share/color/icc/FOGRA39L.ti3 "$work/"
echo "Building the FOGRA39 print profile (ArgyllCMS colprof, about 20 s of CPU) ..."
(cd "$work" && colprof -qm -kr -l 300 -L 95 -D "Coated FOGRA39 (ISO 12647-2:2004), from FOGRA39L.ti3" \
	-C "Characterization data FOGRA39L.ti3 (icc-profiles-free, zlib licence); profile made with ArgyllCMS colprof" \
	-O fogra39.icc FOGRA39L >/dev/null)
mkdir -p "$(dirname "$target")"
mv "$work/fogra39.icc" "$target.tmp" && mv "$target.tmp" "$target"
echo "Print profile: $target"
