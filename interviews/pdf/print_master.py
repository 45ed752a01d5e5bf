"""The print master („Druckvorlage“): PDF/X-4 of an interview for the print shop.

The same pages as the reader's PDF: the interview is fitted first (the same
setting the stored PDF uses), then laid out once more with ``press.css`` added:
3 mm bleed on every side (MediaBox = BleedBox = A4 + 3 mm, TrimBox = A4), crop
marks, and an output intent with a CMYK ICC profile (``static/print/icc/``,
see its LICENSE.txt). WeasyPrint strokes crop marks in RGB; they are rewritten
to CMYK registration colour (1 1 1 1), so every colour in the file is CMYK.
"""

import io

from django.utils.translation import gettext as _

from interviews.pdf import fitting
from interviews.pdf.document import PRINT_DIR, layout_css
from interviews.pdf.source import load_source

PRESS_STYLESHEET = PRINT_DIR / "press.css"
ICC_PROFILE = PRINT_DIR / "icc" / "default_cmyk.icc"
# Crop marks and any other stroke or fill WeasyPrint writes in RGB become registration colour.
REGISTRATION = [1, 1, 1, 1]


def render_print_master(interview):
    """The PDF/X-4 print master of ``interview`` as bytes.

    Raises ``PageBudgetError`` when the interview does not fit its page budget
    (as the reader's PDF would), or when the print layout came out with
    another page count than the reader's PDF. Touches nothing: no file, no field.
    """
    from weasyprint import CSS

    source = load_source(interview)
    fitted = fitting.fit(source, write=False)
    renderer = fitting.Renderer(source)
    generated = CSS(
        string=layout_css(source, fitted.setting, renderer.portrait_mm),
        url_fetcher=renderer.fetcher,
        font_config=renderer.font_config,
    )
    color_profiles = {}
    press = CSS(
        filename=str(PRESS_STYLESHEET),
        url_fetcher=renderer.fetcher,
        font_config=renderer.font_config,
        color_profiles=color_profiles,
    )
    document = renderer.html.render(
        font_config=renderer.font_config,
        color_profiles=color_profiles,
        stylesheets=[renderer.stylesheet, generated, press],
        pdf_variant="pdf/x-4",
        pdf_tags=True,
    )
    if len(document.pages) != fitted.measure.pages:
        raise fitting.PageBudgetError(
            _("Die Druckvorlage hat %(print)s statt %(reader)s Seiten.")
            % {"print": len(document.pages), "reader": fitted.measure.pages},
            label=_("Druckvorlage: Seitenzahl weicht ab"),
        )
    pdf = document.write_pdf(pdf_variant="pdf/x-4", pdf_tags=True)
    return cmyk_only(pdf)


def _rewrite(stream_owner, pikepdf):
    """Replace RGB colour operators of one content stream by CMYK registration; True if changed."""
    instructions = pikepdf.parse_content_stream(stream_owner)
    changed = False
    result = []
    for operands, operator in instructions:
        name = str(operator)
        if name in {"rg", "RG"}:
            operator = pikepdf.Operator("k" if name == "rg" else "K")
            operands = REGISTRATION
            changed = True
        elif name in {"cs", "CS"} and operands and str(operands[0]) == "/DeviceRGB":
            operands = [pikepdf.Name.DeviceCMYK]
            changed = True
        result.append((operands, operator))
    if changed:
        stream_owner.write(pikepdf.unparse_content_stream(result))
    return changed


def cmyk_only(pdf_bytes):
    """The PDF with RGB colour operators (WeasyPrint's crop marks) rewritten to CMYK registration colour."""
    import pikepdf

    document = pikepdf.open(io.BytesIO(pdf_bytes))
    seen = set()

    def forms_of(resources):
        xobjects = resources.get("/XObject") if resources is not None else None
        for _name, xobject in (xobjects or {}).items():
            if xobject.get("/Subtype") == "/Form" and xobject.objgen not in seen:
                seen.add(xobject.objgen)
                yield xobject
                yield from forms_of(xobject.get("/Resources"))

    for page in document.pages:
        _rewrite(page, pikepdf)
        for form in forms_of(page.obj.get("/Resources")):
            _rewrite(form, pikepdf)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
