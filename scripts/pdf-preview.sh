#!/usr/bin/env bash
# PNGs of every page of the demo PDFs, Sammelbände and Themenhefte (pdftoppm -r 60), in pdf-preview/ with its own database and
# media; never touches db.sqlite3.
set -euo pipefail
cd "$(dirname "$0")/.."
PREVIEW=$PWD/pdf-preview
export DATABASE_URL=sqlite:///$PREVIEW/demo.sqlite3 MEDIA_ROOT=$PREVIEW/media
rm -rf "$PREVIEW" && mkdir -p "$PREVIEW"
.venv/bin/python manage.py migrate --no-input -v0
.venv/bin/python manage.py load_demo --no-users
.venv/bin/python manage.py render_pdfs
for f in "$PREVIEW"/media/pdf/*.pdf "$PREVIEW"/media/collections/*.pdf; do
	name=$(basename "$f" .pdf)
	name=${name%-*}
	cp "$f" "$PREVIEW/$name.pdf"
	pdftoppm -r 60 -png "$f" "$PREVIEW/$name"
done
echo "Seitenbilder: $(ls "$PREVIEW"/*.png | wc -l) PNG-Dateien in pdf-preview/"
