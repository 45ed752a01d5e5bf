"""The print master („Druckvorlage“): PDF/X-4 of an interview for the print shop.

The same pages as the reader's PDF: the interview is fitted first (the same
setting the stored PDF uses), then laid out once more with ``press.css``
added (3 mm bleed, whatever touches the trim continued into it) and the
FOGRA39 output profile as ``@color-profile device-cmyk``. The written PDF is
then finished with pikepdf (``finish``):

- every page gets a slug of ``SLUG_MM`` around the trim: MediaBox = trim +
  slug, BleedBox = trim + 3 mm, TrimBox = A4; the crop marks are drawn there,
  from 1 mm outside the bleed outwards, in registration colour (CMYK 100 %
  each), so they never touch the bleed or anything printed in it;
- the output intent names the condition: OutputConditionIdentifier
  „FOGRA39“, RegistryName http://www.color.org, Info „Coated FOGRA39
  (ISO 12647-2:2004)“, the profile as DestOutputProfile;
- text in pure black (CMYK 0 0 0 100) overprints (ExtGState /OP /op true,
  /OPM 1), so no white gap shows around black letters on colour when the
  plates are slightly out of register;
- any RGB operator left becomes CMYK registration (there should be none).

Images come converted to FOGRA39 by ``core.print_images`` (ICC transform,
black generation, total ink ≤ 300 %). The profile is built at install time
(scripts/build-print-profile.sh); without it no print master is made.
``manage.py preflight <slug>`` checks the result (``interviews.pdf.preflight``).
"""

import io

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core import print_images
from interviews.pdf import columns, fitting, turns
from interviews.pdf.document import PRINT_DIR, layout_css
from interviews.pdf.source import load_source

PRESS_STYLESHEET = PRINT_DIR / "press.css"
MM = 72 / 25.4  # PDF points per millimetre
BLEED_MM = 3
# Crop marks: from MARK_GAP_MM outside the bleed, MARK_LENGTH_MM long; the slug holds them with 1 mm to spare.
MARK_GAP_MM = 1
MARK_LENGTH_MM = 5
SLUG_MM = BLEED_MM + MARK_GAP_MM + MARK_LENGTH_MM + 1
MARK_WIDTH_PT = 0.25
REGISTRATION = [1, 1, 1, 1]
OUTPUT_CONDITION = {
    "/OutputConditionIdentifier": "FOGRA39",
    "/RegistryName": "http://www.color.org",
    "/Info": "Coated FOGRA39 (ISO 12647-2:2004)",
    "/OutputCondition": "Offset printing, coated paper (paper type 1/2), 60/cm screen",
}
BLACK = (0.0, 0.0, 0.0, 1.0)


def render_print_master(interview):
    """The PDF/X-4 print master of ``interview`` as bytes.

    Raises ``PageBudgetError`` when the interview does not fit its page budget
    (as the reader's PDF would), or when the print layout came out with
    another page count than the reader's PDF; ``ValidationError`` when the
    print profile is not installed. Touches nothing: no file, no field.
    """
    from weasyprint import CSS

    profile = print_images.output_profile()
    if profile is None:
        raise ValidationError(
            _("Das Druckprofil FOGRA39 ist nicht installiert (make print-profile); ohne es gibt es keine Druckvorlage.")
        )
    source = load_source(interview)
    fitted = fitting.fit(source, write=False)
    renderer = fitting.Renderer(source)
    renderer.fetcher.files.add(profile.resolve())
    generated = CSS(
        string=layout_css(source, fitted.setting),
        url_fetcher=renderer.fetcher,
        font_config=renderer.font_config,
    )
    color_profiles = {}
    profile_rule = CSS(
        string=f'@color-profile device-cmyk {{ src: url("{profile.resolve().as_uri()}"); '
        "components: cyan, magenta, yellow, black; }",
        url_fetcher=renderer.fetcher,
        font_config=renderer.font_config,
        color_profiles=color_profiles,
    )
    press = CSS(filename=str(PRESS_STYLESHEET), url_fetcher=renderer.fetcher, font_config=renderer.font_config)
    renderer.arrange(fitted.setting)
    with turns.guarded():
        document = renderer.html.render(
            font_config=renderer.font_config,
            color_profiles=color_profiles,
            stylesheets=[renderer.stylesheet, generated, profile_rule, press],
            pdf_variant="pdf/x-4",
            pdf_tags=True,
        )
    if len(document.pages) != fitted.measure.pages:
        raise fitting.PageBudgetError(
            _("Die Druckvorlage hat %(print)s statt %(reader)s Seiten.")
            % {"print": len(document.pages), "reader": fitted.measure.pages},
            label=_("Druckvorlage: Seitenzahl weicht ab"),
        )
    columns.finish(document)
    return finish(document.write_pdf(pdf_variant="pdf/x-4", pdf_tags=True))


def finish(pdf_bytes):
    """The written PDF with slug and crop marks, the FOGRA39 output intent, black overprint and no RGB."""
    import pikepdf

    document = pikepdf.open(io.BytesIO(pdf_bytes))
    for intent in document.Root.get("/OutputIntents") or []:
        for key, value in OUTPUT_CONDITION.items():
            intent[key] = pikepdf.String(value)
    overprint = document.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.ExtGState, OP=True, op=True, OPM=1))
    knockout = document.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.ExtGState, OP=False, op=False))
    seen = set()
    for page in document.pages:
        for owner in [page, *_forms_of(page.obj.get("/Resources"), seen)]:
            _rewrite(owner, pikepdf, overprint, knockout)
        _add_slug_and_marks(document, page, pikepdf)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _forms_of(resources, seen):
    xobjects = resources.get("/XObject") if resources is not None else None
    for _name, xobject in (xobjects or {}).items():
        if xobject.get("/Subtype") == "/Form" and xobject.objgen not in seen:
            seen.add(xobject.objgen)
            yield xobject
            yield from _forms_of(xobject.get("/Resources"), seen)


def _fill_colour(operands, operator, current_space):
    """The CMYK fill colour an operator sets (a tuple), None for another colour space, or False if it sets none."""
    if operator == "k":
        return tuple(float(value) for value in operands)
    if operator in {"sc", "scn"} and current_space == "/DeviceCMYK" and len(operands) == 4:
        return tuple(float(value) for value in operands)
    if operator in {"g", "rg", "sc", "scn", "cs"}:
        return None
    return False


def _rewrite(owner, pikepdf, overprint, knockout):
    """Black text overprints; RGB colour operators become CMYK registration (``owner``: a page or form)."""
    resources = owner.obj.Resources if isinstance(owner, pikepdf.Page) else owner.get("/Resources")
    if resources is None:
        resources = owner.Resources = pikepdf.Dictionary()
    states = resources.get("/ExtGState")
    if states is None:
        states = resources.ExtGState = pikepdf.Dictionary()
    states.OPblack = overprint
    states.OPnone = knockout
    on = ([pikepdf.Name.OPblack], pikepdf.Operator("gs"))
    off = ([pikepdf.Name.OPnone], pikepdf.Operator("gs"))
    # Graphics state: is the fill colour pure black, which fill colour space; saved by q, restored by Q.
    black, space, stack, in_text = False, "/DeviceGray", [], False
    result = []
    for operands, operator in pikepdf.parse_content_stream(owner):
        name = str(operator)
        if name in {"rg", "RG"}:
            operator = pikepdf.Operator("k" if name == "rg" else "K")
            operands = REGISTRATION
            name = str(operator)
        elif name in {"cs", "CS"} and operands and str(operands[0]) == "/DeviceRGB":
            operands = [pikepdf.Name.DeviceCMYK]
        if name == "cs":
            space = str(operands[0])
        result.append((operands, operator))
        if name == "q":
            stack.append((black, space))
        elif name == "Q" and stack:
            black, space = stack.pop()
        elif name == "BT":
            in_text = True
            if black:
                result.append(on)
        elif name == "ET":
            in_text = False
            result.append(off)
        else:
            colour = _fill_colour(operands, name, space)
            if colour is not False:
                black = colour == BLACK
                if in_text:
                    result.append(on if black else off)
    data = pikepdf.unparse_content_stream(result)
    if isinstance(owner, pikepdf.Page):
        owner.contents_coalesce()
        owner.obj.Contents.write(data)
    else:
        owner.write(data)


def _add_slug_and_marks(document, page, pikepdf):
    """MediaBox = trim + slug, BleedBox = trim + bleed; crop marks in the slug, outside the bleed."""
    x0, y0, x1, y1 = (float(value) for value in page.TrimBox)
    bleed, slug = BLEED_MM * MM, SLUG_MM * MM
    page.obj.BleedBox = pikepdf.Array([x0 - bleed, y0 - bleed, x1 + bleed, y1 + bleed])
    page.obj.MediaBox = pikepdf.Array([x0 - slug, y0 - slug, x1 + slug, y1 + slug])
    page.obj.CropBox = page.obj.MediaBox
    start, end = (BLEED_MM + MARK_GAP_MM) * MM, (BLEED_MM + MARK_GAP_MM + MARK_LENGTH_MM) * MM
    lines = []
    for x, dx in ((x0, -1), (x1, 1)):
        for y, dy in ((y0, -1), (y1, 1)):
            lines.append(f"{x + dx * start:.3f} {y:.3f} m {x + dx * end:.3f} {y:.3f} l S")  # along the trim's y
            lines.append(f"{x:.3f} {y + dy * start:.3f} m {x:.3f} {y + dy * end:.3f} l S")  # along the trim's x
    # The page's own content in q … Q, so its transformation does not move the marks; marks are artifacts.
    marks = "Q\n/Artifact BMC q /OPnone gs {} w 1 1 1 1 K 0 J\n{}\nQ EMC\n".format(MARK_WIDTH_PT, "\n".join(lines))
    page.contents_coalesce()
    page.contents_add(pikepdf.Stream(document, b"q\n"), prepend=True)
    page.contents_add(pikepdf.Stream(document, marks.encode()), prepend=False)
