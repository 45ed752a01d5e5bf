"""Word files for the import tests, written with python-docx the way Word and LibreOffice write them."""

import copy
import io
import zipfile

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn


def add_hyperlink(paragraph, url, text):
    """A real w:hyperlink with an external relationship (python-docx has no API for writing one)."""
    rel_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel_id)
    run = OxmlElement("w:r")
    text_element = OxmlElement("w:t")
    text_element.text = text
    run.append(text_element)
    link.append(run)
    paragraph._p.append(link)


def to_bytes(document):
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def word_transcript(theme_title="Wärmeplanung"):
    """As Word writes it: theme as Heading 1, questions in bold, answers with formatting, a list and links."""
    document = docx.Document()
    document.add_heading("Interview mit der Stadt Musterhausen", level=0)
    document.add_paragraph("Das Gespräch führte die Redaktion am 3. März.")
    document.add_heading(theme_title, level=1)
    question = document.add_paragraph()
    question.add_run("Wie hat die Wärmeplanung begonnen?").bold = True
    answer = document.add_paragraph("Mit einer ")
    answer.add_run("Bestandsaufnahme").bold = True
    answer.add_run(" aller Gebäude und ")
    answer.add_run("vielen Gesprächen").italic = True
    answer.add_run(". <script>alert(1)</script> bleibt Text.")
    document.add_paragraph("Zweiter Absatz der Antwort.")
    document.add_paragraph("Erstens die Netze", style="List Bullet")
    document.add_paragraph("Zweitens die Speicher", style="List Bullet")
    links = document.add_paragraph("Mehr dazu: ")
    add_hyperlink(links, "https://www.example.org/waerme", "unsere Seite")
    links.add_run(" und ")
    add_hyperlink(links, "javascript:alert(1)", "böser Link")
    second = document.add_paragraph()
    second.add_run("Frage: ").bold = False
    second.add_run("Was kostet das?")
    document.add_paragraph("Antwort: Weniger als gedacht.")
    document.add_paragraph("F: Und wer bezahlt?")
    document.add_paragraph("Bund und Land.")
    return to_bytes(document)


def libreoffice_transcript(theme_title="Wärmeplanung"):
    """As LibreOffice writes it: German style names, a question style, body text style, numbered list."""
    document = docx.Document()
    styles = document.styles
    heading = styles.add_style("Überschrift 1", WD_STYLE_TYPE.PARAGRAPH)
    heading.font.size = docx.shared.Pt(16)
    frage = styles.add_style("Interviewfrage", WD_STYLE_TYPE.PARAGRAPH)
    frage.font.bold = True
    body = styles.add_style("Textkörper", WD_STYLE_TYPE.PARAGRAPH)
    numbered = styles.add_style("Nummerierung 1", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph(theme_title, style=heading)
    document.add_paragraph("Welche Rolle spielt die Kommune?", style=frage)
    document.add_paragraph("Sie plant und moderiert.", style=body)
    document.add_paragraph("Netze", style=numbered)
    document.add_paragraph("Speicher", style=numbered)
    document.add_paragraph("Und die Bürger?", style=frage)
    document.add_paragraph("Machen mit.", style=body)
    return to_bytes(document)


def rewrite(data, replace=None, add=None):
    """A copy of a .docx package with some parts replaced or added (name -> bytes)."""
    replace, add = replace or {}, add or {}
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            content = source.read(entry.filename)
            if entry.filename in replace:
                content = replace[entry.filename](content)
            target.writestr(entry.filename, content)
        for name, content in add.items():
            target.writestr(name, content)
    return buffer.getvalue()


def macro_document():
    data = word_transcript()
    return rewrite(
        data,
        replace={
            "[Content_Types].xml": lambda xml: xml.replace(
                b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml"
            )
        },
        add={"word/vbaProject.bin": b"\x00" * 64},
    )


def external_image_document():
    data = word_transcript()
    relation = (
        b'<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"'
        b' Target="http://tracker.example.com/pixel.png" TargetMode="External"/></Relationships>'
    )
    return rewrite(
        data, replace={"word/_rels/document.xml.rels": lambda xml: xml.replace(b"</Relationships>", relation)}
    )


def zip_bomb():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        target.writestr("[Content_Types].xml", b"<Types/>")
        target.writestr("word/document.xml", b"\x00" * (80 * 1024 * 1024))
    return buffer.getvalue()


def encrypted_document():
    """An encrypted Office file is an OLE compound file with an EncryptionInfo stream."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512 + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 512


# --- files built to be slow: small on disk, expensive for a naive reader ----------------------------


def many_styles(count, questions=20):
    """``count`` paragraph styles (each lookup in python-docx scans them all) and ``questions`` styled questions."""
    document = docx.Document()
    styles = document.styles
    template = styles.add_style("Stil 0", WD_STYLE_TYPE.PARAGRAPH).element
    for index in range(1, count):  # copies: python-docx's add_style scans all styles each time
        style = copy.deepcopy(template)
        style.set(qn("w:styleId"), f"Stil{index}")
        style.find(qn("w:name")).set(qn("w:val"), f"Stil {index}")
        styles.element.append(style)
    for index in range(questions):
        document.add_paragraph(f"Frage {index}: Wie geht es weiter?")._p.style = f"Stil{index % count}"
        document.add_paragraph("Gut.")._p.style = f"Stil{(index * 7) % count}"
    return to_bytes(document)


def many_paragraphs(count):
    """One question and ``count`` answer paragraphs."""
    document = docx.Document()
    document.add_paragraph().add_run("Wie geht es weiter?").bold = True
    body = document.element.body
    template = document.add_paragraph("Ein Absatz der Antwort mit ein paar Wörtern.")._p
    for _index in range(count - 1):
        body.append(copy.deepcopy(template))
    body.append(body.sectPr) if body.sectPr is not None else None
    return to_bytes(document)


def many_questions(count):
    """``count`` bold questions, each with a one-line answer."""
    document = docx.Document()
    body = document.element.body
    question = document.add_paragraph()
    question.add_run("Wie geht es weiter?").bold = True
    answer = document.add_paragraph("Gut.")
    for _index in range(count - 1):
        body.append(copy.deepcopy(question._p))
        body.append(copy.deepcopy(answer._p))
    body.append(body.sectPr) if body.sectPr is not None else None
    return to_bytes(document)


def with_doctype(part="word/document.xml", encoding="utf-8"):
    """A transcript whose ``part`` declares a DTD with an entity, re-encoded as ``encoding``."""

    def add_doctype(xml):
        text = xml.decode("utf-8")
        declaration_end = text.index("?>") + 2 if text.startswith("<?xml") else 0
        root = text[declaration_end:].lstrip()
        name = root[1 : root.index(" ")]
        header = f'<?xml version="1.0" encoding="{encoding.upper().replace("-LE", "").replace("-BE", "")}"?>'
        doctype = f'<!DOCTYPE {name} [<!ENTITY x "Entität">]>'
        data = (header + doctype + root).encode(encoding)
        return ("\ufeff".encode(encoding) + data) if encoding.startswith("utf-16") else data

    return rewrite(word_transcript(), replace={part: add_doctype})
