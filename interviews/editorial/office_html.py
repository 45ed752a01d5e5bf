"""Clean HTML pasted from Word, LibreOffice or Google Docs before it becomes rich text.

A paste never loses a word of the text. Highlighted, commented, coloured
or underlined text keeps its words and becomes plain text; a tracked
insertion is kept, a tracked deletion is left out (and named). Bold and
italic survive in every form Word, LibreOffice and Google Docs write them
(``<b style='mso-bidi-font-weight:normal'>`` is bold, Google Docs'
``<b style="font-weight:normal">`` wrapper is not, ``<span
style="font-weight:700">`` is). Footnotes stay as text: the mark becomes
„[1]“ and the footnote a paragraph „[1] …“ at the end. What goes: comment
markers („[JK1]“) and the comment texts (the reviewer's notes, not the
interviewee's words) and Word's own styles and classes (``mso-…``,
``MsoNormal``). Word writes bullet lists as paragraphs with a "·" in front;
they become real lists again. Links keep their URL exactly as written (scheme
included). Tables cannot be shown in an answer: each row becomes a
paragraph. Every change is named in a German note.

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
# A footnote mark links to its footnote; the footnote links back to its mark (Word, LibreOffice, Google Docs).
FOOTNOTE_MARK_LINK = re.compile(r"^#(_ftn|_edn|ftnt|endnote)\d+$|^#sd(foot|end)note\d+sym$", re.IGNORECASE)
FOOTNOTE_BACK_LINK = re.compile(
    r"^#(_ftnref|_ednref|ftnt_ref|endnote_ref)\d+$|^#sd(foot|end)note\d+anc$", re.IGNORECASE
)
FOOTNOTE_BLOCK_STYLE = re.compile(r"mso-element:\s*(footnote|endnote)\b(?!-)")
FOOTNOTE_LIST_STYLE = re.compile(r"mso-element:\s*(footnote|endnote)-list")
FOOTNOTE_BLOCK_ID = re.compile(r"^sd(foot|end)note\d+$", re.IGNORECASE)
NOTE_BLOCK_STYLE = re.compile(r"mso-element:\s*(comment-list|comment)")
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
    found = {
        "comments": [],
        "footnotes": {"texts": [], "marks": 0},
        "highlights": [],
        "deleted": [],
        "tables": 0,
        "office": False,
        "bullets": 0,
    }

    found["office"] = bool(body.xpath("//*[@class or @style or @lang]") or body.xpath("//*[contains(name(), ':')]"))
    etree.strip_elements(body, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    for element in list(body.iter(*DROPPED_ELEMENTS)):
        _remove(element)
    found["footnotes"] = _footnotes_as_text(body)
    for element in list(body.iter()):
        if not _attached(element, body):
            continue  # already removed with an ancestor
        if _is_comment(element):
            found["comments"].extend(COMMENT_MARKER.findall(element.text_content()) or ["Kommentar"])
            _remove(element)
        elif _is_tracked_deletion(element):
            text = " ".join(element.text_content().split())
            if text:
                found["deleted"].append(text)
            _remove(element)
        elif _is_highlight(element):
            text = " ".join(element.text_content().split())
            if text:
                found["highlights"].append(text)
            _unwrap(element)  # the words stay, the colour goes
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


def _footnotes_as_text(body):
    """Footnotes stay as text: each mark becomes „[n]“, each footnote a paragraph „[n] …“ at the end.

    Returns ``{"texts": [the footnotes' texts], "marks": how many marks}`` for the note to the editor.
    """
    texts = []
    for block in list(body.iter()):
        if not isinstance(block.tag, str) or not _attached(block, body) or not _is_footnote_block(block):
            continue
        for link in list(block.iter("a")):
            if FOOTNOTE_BACK_LINK.match(link.get("href") or ""):
                _remove(link)
        text = " ".join(block.text_content().replace("\xa0", " ").split())
        if text:
            texts.append(text)
        _remove(block)
    for container in list(body.iter("div")):
        if _attached(container, body) and FOOTNOTE_LIST_STYLE.search(_style(container)):
            _remove(container)  # Word's footnote list: only its separator line is left
    marks = 0
    for element in list(body.iter()):
        if not isinstance(element.tag, str) or not _attached(element, body) or not _is_footnote_mark(element):
            continue
        marks += 1
        _footnote_mark_as_text(element, f"[{marks}]")
    for number, text in enumerate(texts, start=1):
        paragraph = etree.SubElement(body, "p")
        paragraph.text = f"[{number}] {text}"
    return {"texts": texts, "marks": marks}


def _is_footnote_block(element):
    """A footnote's own text: Word's mso-element:footnote div, LibreOffice's sdfootnoteN div, Google's paragraph."""
    if element.tag == "div" and FOOTNOTE_BLOCK_STYLE.search(_style(element)):
        return True
    if element.tag == "div" and FOOTNOTE_BLOCK_ID.match(element.get("id") or ""):
        return True
    if element.tag not in ("p", "div"):
        return False
    first_link = next(iter(element.iter("a")), None)
    return (
        first_link is not None
        and bool(FOOTNOTE_BACK_LINK.match(first_link.get("href") or ""))
        and not (element.text or "").strip()
    )


def _is_footnote_mark(element):
    if element.tag == "a" and FOOTNOTE_MARK_LINK.match(element.get("href") or ""):
        return True
    if element.tag == "sup" and len(element) == 1 and element[0].tag == "a" and not (element.text or "").strip():
        return bool(FOOTNOTE_MARK_LINK.match(element[0].get("href") or ""))
    return bool(_classes(element) & FOOTNOTE_CLASSES)


def _footnote_mark_as_text(element, text):
    """Put ``text`` where the footnote mark ``element`` was, right after the word before it."""
    previous, parent = element.getprevious(), element.getparent()
    if previous is not None and previous.tail:
        previous.tail = previous.tail.rstrip()
    elif previous is None and parent is not None and parent.text:
        parent.text = parent.text.rstrip()
    element.tail = text + (element.tail or "")
    _remove(element)


def _is_tracked_deletion(element):
    """Text deleted with Word's „Änderungen nachverfolgen“ (``<del>``, ``span.msoDel``): not part of the text."""
    return (
        element.tag in ("del", "s")
        and bool(element.get("datetime") or element.get("cite"))
        or ("msodel" in _classes(element))
    )


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
    """Bold and italic, as tags or as styles (Word, LibreOffice, Google Docs), become strong/em; other styling goes.

    A tag's own style can switch it off: Google Docs wraps the whole paste in
    ``<b style="font-weight:normal">``, which is not bold. Word's
    ``<b style='mso-bidi-font-weight:normal'>`` only concerns right-to-left
    scripts and stays bold.
    """
    for element in list(body.iter()):
        if not isinstance(element.tag, str):
            continue
        style = _declarations(element)
        weight, font_style = style.get("font-weight", ""), style.get("font-style", "")
        bold = weight in ("bold", "bolder") or weight in ("600", "700", "800", "900")
        not_bold = weight in ("normal", "lighter") or weight in ("100", "200", "300", "400", "500")
        italic = font_style in ("italic", "oblique")
        if element.tag in ("b", "strong") and not_bold or element.tag in ("i", "em") and font_style == "normal":
            _unwrap(element)
            continue
        element.tag = {"b": "strong", "i": "em"}.get(element.tag, element.tag)
        if element.tag in ("span", "font"):
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


def _declarations(element):
    """The element's inline style as {property: value}, lower case (``mso-bidi-font-weight`` is its own property)."""
    declarations = {}
    for declaration in _style(element).split(";"):
        name, _colon, value = declaration.partition(":")
        if value.strip():
            declarations[name.strip()] = value.strip().removesuffix("!important").strip()
    return declarations


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
    html = re.sub(r"(^|</p>|</ul>|</ol>)\s*(?:<br>\s*)+", r"\1", html)  # Google Docs' line breaks between blocks
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
    count = len(found["footnotes"]["texts"])
    if count:
        what = "1 Fußnote steht" if count == 1 else f"{count} Fußnoten stehen"
        notes.append(
            f"{what} jetzt als Text am Ende („[1] …“), die Fußnotenzeichen im Text als „[1]“. "
            "Bitte in die Antwort einarbeiten oder löschen."
        )
    elif found["footnotes"]["marks"]:
        notes.append("Fußnotenzeichen stehen jetzt als „[1]“ im Text. Bitte prüfen.")
    for text in dict.fromkeys(found["highlights"]):
        notes.append(f"Farbige Markierung entfernt, der Text bleibt: „{text}“.")
    for text in dict.fromkeys(found["deleted"]):
        notes.append(f"In Word als gelöscht markierter Text (Änderungsverfolgung) nicht übernommen: „{text}“.")
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
