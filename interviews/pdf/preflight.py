"""Preflight of a print master: the checks a print shop's PDF/X-4 preflight makes, read from the PDF.

``preflight(pdf_bytes)`` returns a list of ``Check`` (name, ok, detail), in
German, for ``manage.py preflight <slug>`` (and ``make preflight``):

- page boxes: TrimBox A4, BleedBox = trim + 3 mm, MediaBox with a slug around it;
- crop marks: stroked in registration colour, every one outside the bleed box;
- colours: no RGB operator, colour space or image;
- fonts: every font embedded; no character drawn with a font's empty glyph (.notdef: a character no
  font holds, e.g. an emoji, prints as a box);
- output intent: PDF/X with the FOGRA39 condition and a CMYK output profile, PDF/X-4 in the XMP;
- total ink: the highest sum of C+M+Y+K inside the bleed box, rendered with
  Ghostscript (``tiff32nc`` at ``INK_DPI``), at most ``MAX_INK`` %;
- black text overprints: every text shown in CMYK 0/0/0/100 has overprint on;
- image resolution: every image's effective resolution where it is placed, at least ``MIN_PPI``.

Content streams are walked with their transformation (q/Q/cm, forms with
their /Matrix), so positions and sizes are those on the page.
"""

import dataclasses
import io
import math
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.utils.translation import gettext as _

from interviews.pdf.document import PRINT_MIN_PPI

MM = 72 / 25.4
A4 = (595.276, 841.89)
BLEED = 3 * MM
TOLERANCE = 0.05  # points
MAX_INK = 300  # percent
INK_DPI = 150
MIN_PPI = PRINT_MIN_PPI
BLACK = (0.0, 0.0, 0.0, 1.0)
REGISTRATION = (1.0, 1.0, 1.0, 1.0)


@dataclasses.dataclass
class Check:
    name: str
    ok: bool
    detail: str


def _multiply(a, b):
    """The PDF matrix product a × b (each as (a, b, c, d, e, f))."""
    return (
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    )


def _apply(matrix, x, y):
    return (matrix[0] * x + matrix[2] * y + matrix[4], matrix[1] * x + matrix[3] * y + matrix[5])


@dataclasses.dataclass
class PageFacts:
    """What one page's content does: strokes in registration colour, text shown, images placed, RGB used."""

    registration_segments: list = dataclasses.field(default_factory=list)
    black_text: int = 0
    black_text_overprinted: int = 0
    images: list = dataclasses.field(default_factory=list)  # (name, ppi x, ppi y)
    rgb: list = dataclasses.field(default_factory=list)


def _walk(owner, resources, matrix, facts, pikepdf, seen_forms):
    state = {"ctm": matrix, "fill": None, "stroke": None, "fill_space": "/DeviceGray", "op": False}
    stack = []
    path = []
    current = None
    states = (resources or {}).get("/ExtGState") or {}
    xobjects = (resources or {}).get("/XObject") or {}
    for operands, operator in pikepdf.parse_content_stream(owner):
        name = str(operator)
        if name == "q":
            stack.append(dict(state))
        elif name == "Q" and stack:
            state = stack.pop()
        elif name == "cm":
            state["ctm"] = _multiply(tuple(float(value) for value in operands), state["ctm"])
        elif name in {"rg", "RG"} or (name in {"cs", "CS"} and str(operands[0]) == "/DeviceRGB"):
            facts.rgb.append(name)
        elif name == "k":
            state["fill"] = tuple(float(value) for value in operands)
        elif name == "K":
            state["stroke"] = tuple(float(value) for value in operands)
        elif name == "cs":
            state["fill_space"] = str(operands[0])
        elif name in {"sc", "scn"} and state["fill_space"] == "/DeviceCMYK" and len(operands) == 4:
            state["fill"] = tuple(float(value) for value in operands)
        elif name in {"g", "sc", "scn"}:
            state["fill"] = None
        elif name == "gs":
            extgstate = states.get(str(operands[0])) or {}
            if "/op" in extgstate:
                state["op"] = bool(extgstate.op)
            elif "/OP" in extgstate:
                state["op"] = bool(extgstate.OP)
        elif name == "m":
            current = _apply(state["ctm"], float(operands[0]), float(operands[1]))
        elif name == "l" and current is not None:
            point = _apply(state["ctm"], float(operands[0]), float(operands[1]))
            path.append((current, point))
            current = point
        elif name in {"S", "s"}:
            if state["stroke"] == REGISTRATION:
                facts.registration_segments.extend(path)
            path, current = [], None
        elif name in {"f", "F", "f*", "B", "B*", "b", "b*", "n"}:
            path, current = [], None
        elif name in {"Tj", "TJ", "'", '"'}:
            if state["fill"] == BLACK:
                facts.black_text += 1
                facts.black_text_overprinted += state["op"]
        elif name == "Do":
            xobject = xobjects.get(str(operands[0]))
            if xobject is None:
                continue
            if xobject.get("/Subtype") == "/Image":
                ctm = state["ctm"]
                width_pt, height_pt = math.hypot(ctm[0], ctm[1]), math.hypot(ctm[2], ctm[3])
                if width_pt > 0 and height_pt > 0:
                    ppi = (int(xobject.Width) * 72 / width_pt, int(xobject.Height) * 72 / height_pt)
                    facts.images.append((str(operands[0]), *ppi))
                space = xobject.get("/ColorSpace")
                if str(space) == "/DeviceRGB" or (
                    isinstance(space, pikepdf.Array) and str(space[0]) == "/ICCBased" and int(space[1].N) == 3
                ):
                    facts.rgb.append(f"Bild {operands[0]}")
            elif xobject.get("/Subtype") == "/Form" and xobject.objgen not in seen_forms:
                seen_forms.add(xobject.objgen)
                form_matrix = tuple(float(value) for value in xobject.get("/Matrix", [1, 0, 0, 1, 0, 0]))
                _walk(
                    xobject,
                    xobject.get("/Resources") or resources,
                    _multiply(form_matrix, state["ctm"]),
                    facts,
                    pikepdf,
                    seen_forms,
                )
                seen_forms.discard(xobject.objgen)


def _box(page, name):
    value = page.obj.get(name)
    return [float(v) for v in value] if value is not None else None


def _outside(segment, box):
    """True when the segment lies wholly outside ``box`` (it does not enter it)."""
    (ax, ay), (bx, by) = segment
    x0, y0, x1, y1 = box
    return (
        max(ax, bx) <= x0 + TOLERANCE
        or min(ax, bx) >= x1 - TOLERANCE
        or max(ay, by) <= y0 + TOLERANCE
        or min(ay, by) >= y1 - TOLERANCE
    )


def _fonts(resources, seen):
    fonts = (resources or {}).get("/Font") or {}
    for name, font in fonts.items():
        if font.objgen not in seen:
            seen.add(font.objgen)
            yield name, font
    for xobject in ((resources or {}).get("/XObject") or {}).values():
        if xobject.get("/Subtype") == "/Form":
            yield from _fonts(xobject.get("/Resources"), seen)


def _embedded(font):
    if font.get("/Subtype") == "/Type3":
        return True
    for descendant in font.get("/DescendantFonts") or [font]:
        descriptor = descendant.get("/FontDescriptor")
        if descriptor is None or not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
            return False
    return True


def _notdef_characters(font):
    """The characters a font draws with its .notdef glyph: codes its encoding CMap maps to CID 0 (WeasyPrint
    writes such a CMap when a text needs the empty glyph), read back through its ToUnicode map."""
    import pikepdf

    encoding = font.get("/Encoding")
    if not isinstance(encoding, pikepdf.Stream):
        return ""
    codes = re.findall(rb"<([0-9a-fA-F]+)>\s+0\s", encoding.read_bytes())
    to_unicode = font.get("/ToUnicode")
    names = to_unicode.read_bytes() if to_unicode is not None else b""
    found = []
    for code in codes:
        if int(code, 16) == 0:
            continue
        match = re.search(rb"<" + code + rb">\s*<([0-9a-fA-F]+)>", names)
        text = bytes.fromhex(match.group(1).decode()).decode("utf-16-be", "replace") if match else "?"
        found.append(text)
    return "".join(found)


def total_ink(pdf_bytes, document):
    """Per page the highest C+M+Y+K in percent inside the bleed box (Ghostscript tiff32nc); None without gs."""
    from PIL import Image, ImageMath

    gs = shutil.which("gs")
    if gs is None:
        return None
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "master.pdf"
        source.write_bytes(pdf_bytes)
        output = Path(folder) / "page-%03d.tif"
        subprocess.run(
            [
                gs,
                "-q",
                "-dSAFER",
                "-dBATCH",
                "-dNOPAUSE",
                "-sDEVICE=tiff32nc",
                f"-r{INK_DPI}",
                "-dUseCropBox",
                "-dOverprint=/simulate",
                f"-sOutputFile={output}",
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        result = []
        for number, page in enumerate(document.pages, start=1):
            media, bleed = _box(page, "/CropBox") or _box(page, "/MediaBox"), _box(page, "/BleedBox")
            with Image.open(Path(folder) / f"page-{number:03d}.tif") as raster:
                scale = raster.width / (media[2] - media[0])
                left = round((bleed[0] - media[0]) * scale)
                top = round((media[3] - bleed[3]) * scale)
                right = round((bleed[2] - media[0]) * scale)
                bottom = round((media[3] - bleed[1]) * scale)
                bands = [band.convert("I") for band in raster.crop((left, top, right, bottom)).split()]
                total = ImageMath.lambda_eval(
                    lambda names: names["c"] + names["m"] + names["y"] + names["k"],
                    c=bands[0],
                    m=bands[1],
                    y=bands[2],
                    k=bands[3],
                )
                result.append(total.getextrema()[1] * 100 / 255)
        return result


def preflight(pdf_bytes):
    """The checks (see the module text) of the print master ``pdf_bytes``."""
    import pikepdf

    document = pikepdf.open(io.BytesIO(pdf_bytes))
    checks = []
    facts_by_page = []
    box_errors, mark_errors, font_errors, glyph_errors = [], [], [], []
    seen_fonts = set()
    for number, page in enumerate(document.pages, start=1):
        trim, bleed, media = _box(page, "/TrimBox"), _box(page, "/BleedBox"), _box(page, "/MediaBox")
        if trim is None or bleed is None:
            box_errors.append(_("Seite %(n)s: TrimBox oder BleedBox fehlt") % {"n": number})
            facts_by_page.append(PageFacts())
            continue
        if abs(trim[2] - trim[0] - A4[0]) > 0.5 or abs(trim[3] - trim[1] - A4[1]) > 0.5:
            box_errors.append(_("Seite %(n)s: Endformat ist nicht A4") % {"n": number})
        expected = [trim[0] - BLEED, trim[1] - BLEED, trim[2] + BLEED, trim[3] + BLEED]
        if any(abs(a - b) > 0.5 for a, b in zip(bleed, expected, strict=True)):
            box_errors.append(_("Seite %(n)s: Anschnitt ist nicht 3 mm") % {"n": number})
        if not (media[0] < bleed[0] and media[1] < bleed[1] and media[2] > bleed[2] and media[3] > bleed[3]):
            box_errors.append(_("Seite %(n)s: kein Rand (Slug) außerhalb des Anschnitts") % {"n": number})
        facts = PageFacts()
        _walk(page, page.obj.get("/Resources"), (1, 0, 0, 1, 0, 0), facts, pikepdf, set())
        facts_by_page.append(facts)
        inside = [segment for segment in facts.registration_segments if not _outside(segment, bleed)]
        if len(facts.registration_segments) < 8:
            mark_errors.append(_("Seite %(n)s: keine vollständigen Schnittmarken") % {"n": number})
        elif inside:
            mark_errors.append(_("Seite %(n)s: %(k)s Schnittmarken im Anschnitt") % {"n": number, "k": len(inside)})
        for name, font in _fonts(page.obj.get("/Resources"), seen_fonts):
            if not _embedded(font):
                font_errors.append(str(font.get("/BaseFont", name))[1:])
            missing = _notdef_characters(font)
            if missing:
                base = str(font.get("/BaseFont", name))[1:]
                font_name = base.partition("+")[2] or base
                glyph_errors.append(f"{font_name}: „{' '.join(missing)}“")
    pages = len(document.pages)
    checks.append(
        Check(
            _("Seitenrahmen (Endformat, Anschnitt, Rand)"),
            not box_errors,
            "; ".join(box_errors) or _("%(n)s Seiten: TrimBox A4, BleedBox 3 mm, Rand für Marken") % {"n": pages},
        )
    )
    checks.append(
        Check(
            _("Schnittmarken außerhalb des Anschnitts"),
            not mark_errors,
            "; ".join(mark_errors) or _("auf allen %(n)s Seiten, in Passerfarbe") % {"n": pages},
        )
    )
    rgb = [
        f"{number}: {', '.join(sorted(set(facts.rgb)))}" for number, facts in enumerate(facts_by_page, 1) if facts.rgb
    ]
    checks.append(
        Check(
            _("Keine RGB-Farben"),
            not rgb,
            (_("RGB auf Seite ") + "; ".join(rgb)) if rgb else _("nur CMYK (Farben und Bilder)"),
        )
    )
    checks.append(
        Check(
            _("Schriften eingebettet"),
            not font_errors,
            (_("nicht eingebettet: ") + ", ".join(font_errors))
            if font_errors
            else _("alle %(n)s Schriften eingebettet") % {"n": len(seen_fonts)},
        )
    )
    checks.append(
        Check(
            _("Keine fehlenden Zeichen (.notdef)"),
            not glyph_errors,
            (_("ohne Glyphe, als leeres Kästchen gedruckt: ") + "; ".join(glyph_errors))
            if glyph_errors
            else _("jedes Zeichen hat seine Glyphe"),
        )
    )
    checks.append(_output_intent_check(document, pikepdf))
    inks = total_ink(pdf_bytes, document)
    if inks is None:
        checks.append(Check(_("Gesamtfarbauftrag"), False, _("Ghostscript (gs) fehlt: nicht geprüft")))
    else:
        worst = max(inks)
        checks.append(
            Check(
                _("Gesamtfarbauftrag höchstens %(max)s %%") % {"max": MAX_INK},
                worst <= MAX_INK + 1,
                _("höchstens %(ink).0f %% (Seite %(page)s)") % {"ink": worst, "page": inks.index(worst) + 1},
            )
        )
    shown = sum(facts.black_text for facts in facts_by_page)
    overprinted = sum(facts.black_text_overprinted for facts in facts_by_page)
    checks.append(
        Check(
            _("Schwarzer Text überdruckt"),
            shown > 0 and overprinted == shown,
            _("%(o)s von %(n)s Textstellen in 100 %% Schwarz überdrucken") % {"o": overprinted, "n": shown},
        )
    )
    images = [(number, *image) for number, facts in enumerate(facts_by_page, 1) for image in facts.images]
    if images:
        low = min(images, key=lambda image: min(image[2], image[3]))
        ppi = min(low[2], low[3])
        checks.append(
            Check(
                _("Bildauflösung mindestens %(min)s ppi") % {"min": MIN_PPI},
                ppi >= MIN_PPI - 0.5,
                _("%(n)s Bilder, niedrigste %(ppi).0f ppi (Seite %(page)s)")
                % {"n": len(images), "ppi": ppi, "page": low[0]},
            )
        )
    else:
        checks.append(Check(_("Bildauflösung mindestens %(min)s ppi") % {"min": MIN_PPI}, True, _("keine Bilder")))
    return checks


def _output_intent_check(document, pikepdf):
    name = _("Ausgabebedingung FOGRA39 (PDF/X-4)")
    intents = document.Root.get("/OutputIntents") or []
    intent = next((item for item in intents if item.get("/S") == "/GTS_PDFX"), None)
    if intent is None:
        return Check(name, False, _("keine PDF/X-Ausgabebedingung"))
    problems = []
    if str(intent.get("/OutputConditionIdentifier", "")) != "FOGRA39":
        problems.append(_("OutputConditionIdentifier ist „%s“") % intent.get("/OutputConditionIdentifier", ""))
    if str(intent.get("/RegistryName", "")) != "http://www.color.org":
        problems.append(_("RegistryName fehlt"))
    profile = intent.get("/DestOutputProfile")
    data = profile.read_bytes() if profile is not None else b""
    if len(data) < 128 or data[16:20] != b"CMYK" or data[12:16] != b"prtr":
        problems.append(_("kein CMYK-Ausgabeprofil"))
    with document.open_metadata(set_pikepdf_as_editor=False) as meta:
        version = meta.get("pdfxid:GTS_PDFXVersion")
    if version != "PDF/X-4":
        problems.append(_("XMP nennt nicht PDF/X-4"))
    detail = "; ".join(problems) or f"{intent.OutputConditionIdentifier}, {intent.get('/Info', '')}, {version}"
    return Check(name, not problems, detail)
