"""The PDF's tag structure as the interview is built, not as it falls on pages.

WeasyPrint 70 tags page by page: every page gets its own ``Part`` for the
body and its own ``Sect`` for the part of a theme on it, and a paragraph
split by a page turn becomes two ``P``. It also tags a pull quote like any
paragraph, so a screen reader meets its words twice (``aria-hidden`` means
nothing to WeasyPrint). ``tidy`` rewrites the written PDF (pikepdf):

- the body is one ``Part`` with one ``Sect`` per theme, a paragraph split
  by a page turn is one ``P`` (which boxes continue on the next page comes
  from the layout tree: ``continuations``);
- a printed pull quote (``BlockQuote``, print.css ``.pull-quote``) is an
  artifact: its marked content becomes ``/Artifact`` and its element leaves
  the tree, so only the answer's own words are read.
"""

import io
import re


def continuations(document):
    """Per column of the body, in order: what continues at its top from the column before ({"section", "p"}).

    WeasyPrint tags each column box as a ``Part`` inside the page's ``Part``;
    ``tidy`` reads this list in the same order.
    """
    result = []
    previous = {}

    def visit(box, found):
        element = box.element
        tag = box.element_tag if element is not None else None
        classes = (element.get("class") or "").split() if element is not None else []
        key = "section" if tag == "section" and "theme" in classes else "p" if tag == "p" else None
        if key:
            found.append((key, element))
        for child in getattr(box, "children", []):
            visit(child, found)

    def columns(box):
        if getattr(box, "is_column", False):
            yield box
            return
        for child in getattr(box, "children", []):
            yield from columns(child)

    for page in document.pages:
        for column in columns(page._page_box):
            found = []
            visit(column, found)
            first, last = {}, {}
            for key, element in found:
                first.setdefault(key, element)
                last[key] = element
            result.append({key for key, element in first.items() if previous.get(key) is element})
            previous = last
    return result


def _kids(element):
    kids = element.get("/K")
    if kids is None:
        return []
    import pikepdf

    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _is_elem(obj):
    import pikepdf

    return isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/StructElem"


def _mcids(element, page_of):
    """(page object id, mcid) of every marked content below ``element``."""
    import pikepdf

    found = []
    page = element.get("/Pg")
    for kid in _kids(element):
        if isinstance(kid, int) or (isinstance(kid, pikepdf.Object) and kid._type_code == pikepdf.ObjectType.integer):
            found.append((page.objgen if page is not None else None, int(kid)))
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
            found.append((kid.Pg.objgen, int(kid.MCID)))
        elif _is_elem(kid):
            found.extend(_mcids(kid, page_of))
    return found


def _descendants(element):
    yield element
    for kid in _kids(element):
        if _is_elem(kid):
            yield from _descendants(kid)


def _append(target, kids):
    import pikepdf

    array = target.get("/K")
    if not isinstance(array, pikepdf.Array):
        array = pikepdf.Array([] if array is None else [array])
        target.K = array
    for kid in kids:
        if _is_elem(kid):
            kid.P = target
        array.append(kid)


def tidy(data, continued):
    """The PDF ``data`` with pull quotes as artifacts and one Part, one Sect per theme (see module doc), its
    streams compressed and its objects in object streams.

    ``data`` may come uncompressed (``uncompressed_pdf``): qpdf compresses at zlib's default level in about a
    fifth of the time WeasyPrint's pydyf takes at level 9 (0.04 of 0.28 s writing an eight-page part with three
    figures), for a file 2 % larger.
    """
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root.get("/StructTreeRoot")
        if root is not None:
            document = _kids(root)[0]
            pages = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
            _quotes_to_artifacts(pdf, root, document, pages)
            _merge_pages(document, continued, pages)
        out = io.BytesIO()
        pdf.save(out, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return out.getvalue()


# A tagged element's marked content as WeasyPrint 70 writes it (pydyf: one operand or operator a line):
# ``/P`` ``<</MCID 7>>`` ``BDC``. Text is written as glyph codes in hex strings, so nothing else matches.
_MARKED = re.compile(rb"^/[A-Za-z][A-Za-z0-9]*\n<</MCID (\d+)>>\nBDC$", re.MULTILINE)


def _quotes_to_artifacts(pdf, root, document, pages):
    """The printed pull quotes' marked content as ``/Artifact`` (``BMC``), their elements out of the tree. The
    pages' content is rewritten where a quote's marked content begins, as bytes (parsing every operator of a
    page cost 20-50 ms a quote-heavy PDF)."""
    import pikepdf

    quotes = [e for e in _descendants(document) if e.get("/S") == "/BlockQuote"]
    if not quotes:
        return
    marked = {}
    removed = set()
    for quote in quotes:
        for page, mcid in _mcids(quote, pages):
            marked.setdefault(page, set()).add(mcid)
        removed.update(e.objgen for e in _descendants(quote))
        parent = quote.P
        parent.K = pikepdf.Array([kid for kid in _kids(parent) if not (_is_elem(kid) and kid.objgen == quote.objgen)])
    for page in pdf.pages:
        mcids = marked.get(page.obj.objgen)
        if not mcids:
            continue
        contents = page.obj.Contents
        streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
        data = b"\n".join(stream.read_bytes() for stream in streams)

        def artifact(match, mcids=mcids):
            return b"/Artifact\nBMC" if int(match[1]) in mcids else match[0]

        page.Contents = pdf.make_stream(_MARKED.sub(artifact, data))
    nums = root.ParentTree.get("/Nums", pikepdf.Array())
    for index in range(1, len(nums), 2):
        value = nums[index]
        if isinstance(value, pikepdf.Array):
            nums[index] = pikepdf.Array([None if _is_elem(ref) and ref.objgen in removed else ref for ref in value])


def _merge_pages(document, continued, pages):
    """One Part for the body; a Sect or P that continues from the column before joins its first half."""
    import pikepdf

    result, part, column = [], None, 0
    for kid in _kids(document):
        if not (_is_elem(kid) and kid.get("/S") == "/Part"):
            result.append(kid)
            continue
        # The page's Part holds one Part per column (WeasyPrint tags column boxes like <main>).
        page_columns = [k for k in _kids(kid) if _is_elem(k)]
        if part is None:
            part = kid
            part.K = pikepdf.Array()
            result.append(kid)
        for column_part in page_columns:
            kids = _kids(column_part) if column_part.get("/S") == "/Part" else [column_part]
            carried = continued[column] if column < len(continued) else set()
            column += 1
            _join(part, kids, carried)
    document.K = pikepdf.Array(result)


def _join(part, kids, carried):
    """Append ``kids`` to ``part``; a first Sect (and its first P) that continues joins the one before."""
    previous = _kids(part)[-1] if _kids(part) else None
    if (
        kids
        and "section" in carried
        and _is_elem(kids[0])
        and kids[0].get("/S") == "/Sect"
        and previous is not None
        and _is_elem(previous)
        and previous.get("/S") == "/Sect"
    ):
        section, kids = kids[0], kids[1:]
        inner, before = _kids(section), _kids(previous)
        if (
            inner
            and before
            and "p" in carried
            and _is_elem(inner[0])
            and inner[0].get("/S") == "/P"
            and _is_elem(before[-1])
            and before[-1].get("/S") == "/P"
        ):
            _append(before[-1], _kids(inner[0]))
            inner = inner[1:]
        _append(previous, inner)
    _append(part, kids)
