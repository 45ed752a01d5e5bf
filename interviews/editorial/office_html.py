"""Clean HTML pasted from Word, LibreOffice or Google Docs before it becomes rich text.

Office clipboard HTML carries editorial leftovers that must never reach
readers: comment markers („[JK1]“) and comment texts, footnote marks and
footnotes, highlighted internal notes („das bitte noch prüfen“), and Word's
own styles and classes (``mso-…``, ``MsoNormal``). Word writes bullet lists
as paragraphs with a "·" in front; they become real lists again. Links keep
their URL exactly as written (scheme included). Tables cannot be shown in an
answer: each row becomes a paragraph, and the editor is told.

:func:`clean_office_html` returns the cleaned HTML (already reduced to the
rich-text allow-list) and German notes naming what was removed. It is used
by the paste endpoint of the interview form (the browser sends the clipboard
HTML there before the editor inserts it) and again on every save of a
rich-text field of the interview form (server side, without JavaScript).
"""

import re
from typing import NamedTuple

import lxml.html
from lxml import etree

from core import richtext

COMMENT_MARKER = re.compile(r"\[[A-ZÄÖÜ]{1,4}\d{1,3}\]")
COMMENT_CLASSES = {"msocommentreference", "msocomanchor", "msocomoff", "msocomtxt", "msocommenttext"}
FOOTNOTE_CLASSES = {"msofootnotereference", "msoendnotereference", "sdfootnoteanc", "sdendnoteanc"}
FOOTNOTE_LINK = re.compile(r"^#?_?(ftn|edn|ftnref|ednref)\d+$|^#?sd(foot|end)note\d+(anc|sym)$", re.IGNORECASE)
NOTE_BLOCK_STYLE = re.compile(r"mso-element:\s*(comment-list|comment|footnote-list|endnote-list|footnote|endnote)")
NOTE_BLOCK_ID = re.compile(r"^(sdfootnote|sdendnote|_com_|_msocom_|ftn|edn)\d*", re.IGNORECASE)
LIST_STYLE = re.compile(r"mso-list:\s*l(\d+)\s+level(\d+)")
ORDERED_MARK = re.compile(r"^\(?([0-9]{1,3}|[a-zA-Z]|[ivxlcIVXLC]{1,5})[.)]$")
BULLET_PARAGRAPH = re.compile(r"^\s*[·•▪◦‣●○\-–]\s+")
NO_HIGHLIGHT = {"", "transparent", "none", "white", "#fff", "#ffffff", "auto", "inherit", "initial", "window"}
DROPPED_ELEMENTS = ("style", "script", "meta", "link", "title", "xml", "head", "template", "object", "img", "v:shape")


class CleanedPaste(NamedTuple):
    html: str
    notes: list


def clean_office_html(raw):
    """Clean pasted Office HTML; returns ``CleanedPaste(html, notes)``.

    ``html`` is reduced to the rich-text allow-list; ``notes`` lists in
    German what was removed or changed (empty if nothing was).
    """
    if not raw or not raw.strip():
        return CleanedPaste("", [])
    # Word wraps list bullets in "downlevel-revealed" conditionals; keep their content.
    raw = re.sub(r"<!\[if [^\]]*\]>|<!\[endif\]>", "", raw)
    body = _parse(raw)
    found = {"comments": [], "footnotes": 0, "highlights": [], "tables": 0, "office": False, "bullets": 0}

    found["office"] = bool(body.xpath("//*[@class or @style or @lang]") or body.xpath("//*[contains(name(), ':')]"))
    etree.strip_elements(body, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    for element in list(body.iter(*DROPPED_ELEMENTS)):
        _remove(element)
    for element in list(body.iter()):
        if not _attached(element, body):
            continue  # already removed with an ancestor
        if _is_comment(element):
            found["comments"].extend(COMMENT_MARKER.findall(element.text_content()) or ["Kommentar"])
            _remove(element)
        elif _is_footnote(element):
            found["footnotes"] += 1 if element.tag == "a" else 0
            _remove(element)
        elif _is_highlight(element):
            text = " ".join(element.text_content().split())
            if text:
                found["highlights"].append(text)
            _remove(element)
    for element in list(body.iter()):
        if isinstance(element.tag, str) and ":" in element.tag:  # o:p, w:sdt, v:… (Office XML in HTML)
            _unwrap(element)
    _word_lists(body)
    found["bullets"] = _bullet_paragraphs(body)
    for table in list(body.iter("table")):
        _flatten_table(table)
        found["tables"] += 1
    _inline_styles_to_tags(body)
    for anchor in list(body.iter("a")):
        if not anchor.get("href") or anchor.get("href", "").startswith("#"):
            _unwrap(anchor)
    for heading in body.iter("h1", "h2", "h3", "h4", "h5", "h6"):
        heading.tag = "p"
    _tidy_text(body, found)

    inner = (body.text or "") + "".join(etree.tostring(child, encoding="unicode", method="html") for child in body)
    html = _drop_empty_paragraphs(richtext.sanitize(inner))
    return CleanedPaste(html, _notes(found))


def _parse(raw):
    if re.search(r"<(html|body)[\s>]", raw, re.IGNORECASE):
        document = lxml.html.document_fromstring(raw)
        return document.find("body") if document.find("body") is not None else document
    return lxml.html.fragment_fromstring(raw, create_parent="div")


def _attached(element, body):
    while element is not None:
        if element is body:
            return True
        element = element.getparent()
    return False


def _classes(element):
    return {name.lower() for name in (element.get("class") or "").split()}


def _style(element):
    return (element.get("style") or "").lower().replace("\n", " ")


def _is_comment(element):
    if _classes(element) & COMMENT_CLASSES:
        return True
    href = element.get("href") or ""
    if element.tag == "a" and ("_msocom_" in href or "_msocom_" in (element.get("name") or "")):
        return True
    if element.tag == "div" and NOTE_BLOCK_STYLE.search(_style(element)) and "comment" in _style(element):
        return True
    return element.tag == "div" and (element.get("title") or "").lower() == "comment"


def _is_footnote(element):
    if _classes(element) & FOOTNOTE_CLASSES:
        return True
    if element.tag == "a" and (
        FOOTNOTE_LINK.match(element.get("href") or "") or FOOTNOTE_LINK.match(element.get("name") or "")
    ):
        return True
    if element.tag == "div" and NOTE_BLOCK_STYLE.search(_style(element)):
        return True
    return element.tag == "div" and bool(NOTE_BLOCK_ID.match(element.get("id") or ""))


def _is_highlight(element):
    if element.tag == "mark":
        return True
    if element.tag not in ("span", "font"):
        return False
    style = _style(element)
    if "mso-highlight" in style:
        return True
    match = re.search(r"background(?:-color)?\s*:\s*([^;]+)", style)
    return bool(match) and match.group(1).strip() not in NO_HIGHLIGHT


def _remove(element):
    """Remove ``element`` with its content, keeping the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail or ""
    previous = element.getprevious()
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def _unwrap(element):
    if element.getparent() is not None:
        element.drop_tag()


def _word_lists(body):
    """Turn Word's list paragraphs (style ``mso-list: l0 level1``) into nested ul/ol lists."""
    for paragraph in list(body.iter("p")):
        if paragraph.getparent() is None or not LIST_STYLE.search(_style(paragraph)):
            continue
        list_id = LIST_STYLE.search(_style(paragraph)).group(1)
        run = [paragraph]
        following = paragraph.getnext()
        while (
            following is not None
            and following.tag == "p"
            and not (run[-1].tail or "").strip()
            and (match := LIST_STYLE.search(_style(following)))
            and match.group(1) == list_id
        ):
            run.append(following)
            following = following.getnext()
        _build_list(run)


def _list_mark(paragraph):
    """Remove the bullet/number Word writes in front of a list paragraph; return its text."""
    for span in paragraph.iter("span"):
        if "mso-list:ignore" in _style(span).replace(" ", ""):
            mark = " ".join(span.text_content().split())
            _remove(span)
            return mark
    return ""


def _build_list(paragraphs):
    first = paragraphs[0]
    parent, index = first.getparent(), first.getparent().index(first)
    stack = []  # (level, list element)
    root = None
    for paragraph in paragraphs:
        level = int(LIST_STYLE.search(_style(paragraph)).group(2))
        mark = _list_mark(paragraph)
        tag = "ol" if ORDERED_MARK.match(mark) else "ul"
        while stack and stack[-1][0] > level:
            stack.pop()
        if not stack or stack[-1][0] < level:
            new_list = etree.Element(tag)
            if stack and len(stack[-1][1]):
                stack[-1][1][-1].append(new_list)
            elif stack:
                item = etree.SubElement(stack[-1][1], "li")
                item.append(new_list)
            else:
                root = new_list
            stack.append((level, new_list))
        item = etree.SubElement(stack[-1][1], "li")
        item.text = (paragraph.text or "").lstrip("\xa0 ")
        for child in list(paragraph):
            item.append(child)
        tail = paragraph.tail
        paragraph.getparent().remove(paragraph)
        if tail and tail.strip():
            root.tail = tail
    parent.insert(index, root)


def _bullet_paragraphs(body):
    """Paragraphs that start with a bullet character ("· Text") become a list; returns how many lists."""
    lists = 0
    for paragraph in list(body.iter("p")):
        if paragraph.getparent() is None or not BULLET_PARAGRAPH.match(paragraph.text or ""):
            continue
        run = [paragraph]
        following = paragraph.getnext()
        while following is not None and following.tag == "p" and BULLET_PARAGRAPH.match(following.text or ""):
            run.append(following)
            following = following.getnext()
        parent, index = paragraph.getparent(), paragraph.getparent().index(paragraph)
        bullet_list = etree.Element("ul")
        for item_paragraph in run:
            item = etree.SubElement(bullet_list, "li")
            item.text = BULLET_PARAGRAPH.sub("", item_paragraph.text or "", count=1)
            for child in list(item_paragraph):
                item.append(child)
            parent.remove(item_paragraph)
        parent.insert(index, bullet_list)
        lists += 1
    return lists


def _flatten_table(table):
    """Each table row becomes one paragraph, its cells separated by " – "."""
    paragraphs = []
    for row in table.iter("tr"):
        cells = [" ".join(cell.text_content().split()) for cell in row if cell.tag in ("td", "th")]
        cells = [cell for cell in cells if cell]
        if cells:
            paragraph = etree.Element("p")
            paragraph.text = " – ".join(cells)
            paragraphs.append(paragraph)
    parent = table.getparent()
    index = parent.index(table)
    for offset, paragraph in enumerate(paragraphs):
        parent.insert(index + offset, paragraph)
    _remove(table)


def _inline_styles_to_tags(body):
    """Bold and italic written as styles (Google Docs, LibreOffice) become tags; all other styling goes."""
    for element in list(body.iter()):
        if not isinstance(element.tag, str):
            continue
        style = _style(element).replace(" ", "")
        if element.tag == "b" and "font-weight:normal" in style:
            _unwrap(element)  # Google Docs wraps the whole paste in <b style="font-weight:normal">
            continue
        element.tag = {"b": "strong", "i": "em"}.get(element.tag, element.tag)
        if element.tag in ("span", "font"):
            bold = re.search(r"font-weight:(bold|[6-9]00)", style)
            italic = "font-style:italic" in style
            if bold and italic:
                element.tag = "strong"
                emphasis = etree.SubElement(element, "em")
                emphasis.text, element.text = element.text, None
                for child in list(element):
                    if child is not emphasis:
                        emphasis.append(child)
            elif bold:
                element.tag = "strong"
            elif italic:
                element.tag = "em"
        for attribute in list(element.attrib):
            if not (element.tag == "a" and attribute == "href"):
                del element.attrib[attribute]


def _tidy_text(body, found):
    """Comment markers typed into the text („[JK1]“) are removed wherever they are; doubled spaces go."""
    for element in body.iter():
        if not isinstance(element.tag, str):
            continue
        for attribute in ("text", "tail"):
            value = getattr(element, attribute)
            if not value:
                continue
            found["comments"].extend(COMMENT_MARKER.findall(value))
            value = re.sub(r"\s+", " ", COMMENT_MARKER.sub("", value))
            setattr(element, attribute, re.sub(r" ([.,;:!?])", r"\1", value))


def _drop_empty_paragraphs(html):
    html = re.sub(r"(<(?:p|li)>)\s+", r"\1", html)
    html = re.sub(r"\s+(</(?:p|li)>)", r"\1", html)
    return re.sub(r"<p>(?:\s|&nbsp;|\xa0|<br>)*</p>", "", html)


def _notes(found):
    notes = []
    comments = list(dict.fromkeys(marker for marker in found["comments"] if marker != "Kommentar"))
    if comments:
        notes.append("Kommentarmarken entfernt: " + ", ".join(comments) + ".")
    elif found["comments"]:
        notes.append("Kommentare entfernt.")
    if found["footnotes"]:
        notes.append(f"Fußnotenzeichen und Fußnoten entfernt ({found['footnotes']}).")
    for text in dict.fromkeys(found["highlights"]):
        notes.append(f"Farbig markierter Text entfernt: „{text}“.")
    if found["bullets"]:
        notes.append("Absätze mit Aufzählungszeichen („·“, „•“) in Listen umgewandelt.")
    if found["tables"]:
        notes.append(
            "Achtung: Tabellen sind in Antworten nicht möglich. Jede Tabellenzeile ist jetzt ein Absatz "
            "(Zellen durch „–“ getrennt). Bitte prüfen Sie den Text."
        )
    if found["office"] and not notes:
        notes.append("Formatierungen aus Word/LibreOffice (Schriften, Farben, Abstände) entfernt.")
    elif found["office"]:
        notes.append("Außerdem Formatierungen aus Word/LibreOffice (Schriften, Farben, Abstände) entfernt.")
    return notes
