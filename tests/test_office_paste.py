"""Pasted Word/LibreOffice/Google Docs HTML is cleaned without losing a word.

Comment markers, comment texts and Office styles go; highlighted, commented,
coloured and tracked-inserted text keeps its words; bold and italic survive in
each program's way of writing them; footnotes stay as text. The clipboard
fixtures are in tests/fixtures/paste/ (see its README for how they were made).
"""

from pathlib import Path

import pytest
from django.urls import reverse

from interviews.editorial.office_html import clean_office_html
from tests.admin_forms import form_data, messages_of
from tests.factories import InterviewFactory, QuestionFactory

# Word 365 clipboard HTML (shortened): list paragraphs with mso-list, a comment, a footnote, a highlight.
WORD = """<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word">
<head><meta name=ProgId content=Word.Document><style><!-- p.MsoNormal {mso-style-unhide:no;} --></style></head>
<body lang=DE style='tab-interval:35.4pt'><!--StartFragment-->
<p class=MsoNormal>Wir haben 2019 mit zwei Stellen begonnen<span class=MsoCommentReference><span
style='font-size:8.0pt'><a style='mso-comment-reference:JK_1;mso-comment-date:20260301T1012'>[JK1]</a></span></span>
<a style='mso-footnote-id:ftn1' href="#_ftn1" name="_ftnref1" title=""><span class=MsoFootnoteReference><span
style='mso-special-character:footnote'><![if !supportFootnotes]><span class=MsoFootnoteReference>[1]</span>
<![endif]></span></span></a>. <span style='background:yellow;mso-highlight:yellow'>das bitte noch prüfen</span>
Mehr unter <a href="https://www.ilm-kreis.de/klimaschutz">www.ilm-kreis.de</a>.<o:p></o:p></p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span
style='font-family:Symbol'><span style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;
</span></span></span><![endif]>Wärmeplanung<o:p></o:p></p>
<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span
style='font-family:Symbol'><span style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;
</span></span></span><![endif]><b>Radverkehr</b><o:p></o:p></p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l1 level1 lfo2'><![if !supportLists]><span
><span style='mso-list:Ignore'>1.<span style='font:7.0pt "Times New Roman"'>&nbsp;</span></span></span><![endif]>Erstens
<o:p></o:p></p>
<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l1 level1 lfo2'><![if !supportLists]><span
><span style='mso-list:Ignore'>2.<span style='font:7.0pt "Times New Roman"'>&nbsp;</span></span></span><![endif]>
Zweitens
<o:p></o:p></p>
<div style='mso-element:footnote-list'><![if !supportFootnotes]><hr align=left size=1 width="33%"><![endif]>
<div style='mso-element:footnote' id=ftn1><p class=MsoFootnoteText><a style='mso-footnote-id:ftn1' href="#_ftnref1"
name="_ftn1" title="">[1]</a> Quelle: Klimaschutzbericht 2024</p></div></div>
<div style='mso-element:comment-list'><div style='mso-element:comment'>
<p class=MsoCommentText>Zahl prüfen</p></div></div>
<!--EndFragment--></body></html>"""

# LibreOffice Writer 24 clipboard HTML (shortened): real lists, a highlight, a footnote, a table.
LIBREOFFICE = """<!DOCTYPE html><html><head><meta http-equiv="content-type" content="text/html; charset=utf-8">
<style type="text/css">p { line-height: 115%; margin-bottom: 0.25cm }</style></head><body lang="de-DE" dir="ltr">
<p style="line-height: 100%; margin-bottom: 0cm"><font face="Liberation Serif">Der Kreis heizt mit Holz<a
class="sdfootnoteanc" name="sdfootnote1anc" href="#sdfootnote1sym"><sup>1</sup></a>.</font>
<span style="background: #ffff00">Zitat freigeben lassen!</span></p>
<ul><li><p style="margin-bottom: 0cm">Hackschnitzel</p></li><li><p>Pellets</p></li></ul>
<table width="100%" cellpadding="4"><tr><td><p>2019</p></td><td><p>1.200 t</p></td></tr>
<tr><td><p>2024</p></td><td><p>800 t</p></td></tr></table>
<p><a href="http://example.org/alt">alter Link</a> und <a href="mailto:klima@example.org">E-Mail</a></p>
<div id="sdfootnote1"><p class="sdfootnote"><a class="sdfootnotesym" name="sdfootnote1sym" href="#sdfootnote1anc">1</a>
Quelle: Bericht</p></div></body></html>"""


FIXTURES = Path(__file__).parent / "fixtures" / "paste"
SOURCES = ("word", "libreoffice", "google-docs")
FOOTNOTE_NOTE = (
    "1 Fußnote steht jetzt als Text am Ende („[1] …“), die Fußnotenzeichen im Text als „[1]“. "
    "Bitte in die Antwort einarbeiten oder löschen."
)


def fixture(name):
    return (FIXTURES / f"{name}.html").read_text(encoding="utf-8")


def plain(html):
    from core import richtext

    return " ".join(richtext.plain_text(html).split())


@pytest.mark.parametrize("source", SOURCES)
def test_no_word_of_the_text_is_lost(source):
    result = clean_office_html(fixture(source))
    text = plain(result.html)

    assert "Wir investieren rund 38,4 Millionen Euro in das Wärmenetz." in text  # highlighted
    assert "Etwa 4.000 Haushalte werden angeschlossen." in text  # commented (Word) / highlighted (Google Docs)
    assert "beschlossen[1]." in text
    assert text.endswith("[1] Stadtratsbeschluss vom 12. Mai 2025.")  # the footnote, as the last paragraph
    assert "Farbige Markierung entfernt, der Text bleibt: „rund 38,4 Millionen Euro“." in result.notes
    assert FOOTNOTE_NOTE in result.notes
    assert "style=" not in result.html and "class=" not in result.html and "mso" not in result.html.lower()


@pytest.mark.parametrize("source", SOURCES)
def test_bold_and_italic_survive_in_each_programs_form(source):
    html = clean_office_html(fixture(source)).html

    assert "<strong>verbindlich</strong>" in html
    assert "<em>öffentlich</em>" in html
    # Google Docs' <b style="font-weight:normal"> wrapper is not bold: the plain words stay plain.
    assert "<strong>Wir" not in html and "Wir investieren" in html
    assert html.count("<strong>") == (1 if source == "libreoffice" else 2)


def test_word_comment_goes_its_words_stay_and_a_tracked_deletion_is_named():
    result = clean_office_html(fixture("word"))

    assert "[MB1]" not in result.html and "Zahl bitte prüfen" not in result.html
    assert "Der Anschluss kommt noch in diesem Jahr und ist kostenlos." in plain(result.html)
    assert "<strong>Ab 2026</strong>" in result.html  # <b><span style='mso-bidi-font-weight:bold'>
    assert result.notes[0] == "Kommentarmarken entfernt: [MB1]."
    assert "In Word als gelöscht markierter Text (Änderungsverfolgung) nicht übernommen: „bald“." in result.notes


def test_google_docs_bold_italic_span_and_list():
    html = clean_office_html(fixture("google-docs")).html

    assert "<strong><em>Ab 2026</em></strong>" in html
    assert "<ul><li><p>Hackschnitzel</p></li><li><p>Pellets</p></li></ul>" in html
    assert "<br>" not in html


def test_libreoffice_comment_is_not_pasted():
    html = clean_office_html(fixture("libreoffice")).html
    assert "Zahl bitte prüfen" not in html
    assert "Etwa 4.000 Haushalte werden angeschlossen." in plain(html)


@pytest.mark.parametrize(
    ("pasted", "expected"),
    [
        ("<p><b style='mso-bidi-font-weight:normal'>fett</b></p>", "<p><strong>fett</strong></p>"),
        ('<p><b style="font-weight:normal">normal</b></p>', "<p>normal</p>"),
        ('<p><span style="font-weight: bold">fett</span></p>', "<p><strong>fett</strong></p>"),
        ('<p><span style="font-weight:600">fett</span></p>', "<p><strong>fett</strong></p>"),
        ("<p><i style='mso-bidi-font-style:normal'>kursiv</i></p>", "<p><em>kursiv</em></p>"),
        ('<p><i style="font-style:normal">normal</i></p>', "<p>normal</p>"),
        ('<p><span style="font-style: oblique">kursiv</span></p>', "<p><em>kursiv</em></p>"),
        ("<p>Ein <mark>markiertes</mark> Wort</p>", "<p>Ein markiertes Wort</p>"),
    ],
)
def test_bold_and_italic_forms(pasted, expected):
    assert clean_office_html(pasted).html == expected


def test_word_inline_fixture_keeps_highlight_and_footnote_as_text():
    result = clean_office_html(WORD)

    assert "[JK1]" not in result.html
    assert "Zahl prüfen" not in result.html
    assert "Wir haben 2019 mit zwei Stellen begonnen[1]. das bitte noch prüfen" in plain(result.html)
    assert plain(result.html).endswith("[1] Quelle: Klimaschutzbericht 2024")
    assert "mso" not in result.html.lower()
    assert "class=" not in result.html and "style=" not in result.html
    assert result.notes[:3] == [
        "Kommentarmarken entfernt: [JK1].",
        FOOTNOTE_NOTE,
        "Farbige Markierung entfernt, der Text bleibt: „das bitte noch prüfen“.",
    ]


def test_word_lists_stay_lists_without_bullet_characters():
    html = clean_office_html(WORD).html

    assert "<ul><li>Wärmeplanung</li><li><strong>Radverkehr</strong></li></ul>" in html.replace("<b>", "<strong>")
    assert "<ol><li>Erstens" in html and "<li>Zweitens" in html
    assert "·" not in html


def test_links_keep_their_scheme():
    word = clean_office_html(WORD).html
    libre = clean_office_html(LIBREOFFICE).html
    assert 'href="https://www.ilm-kreis.de/klimaschutz"' in word
    assert 'href="http://example.org/alt"' in libre
    assert 'href="mailto:klima@example.org"' in libre


def test_libreoffice_footnote_highlight_and_table():
    result = clean_office_html(LIBREOFFICE)

    assert "Der Kreis heizt mit Holz[1]." in result.html
    assert "Zitat freigeben lassen!" in result.html
    assert "<p>[1] Quelle: Bericht</p>" in result.html
    assert "<ul><li><p>Hackschnitzel</p></li><li><p>Pellets</p></li></ul>" in result.html
    assert "<p>2019 – 1.200 t</p><p>2024 – 800 t</p>" in result.html
    assert any(note.startswith("Achtung: Tabellen sind in Antworten nicht möglich") for note in result.notes)
    assert "Farbige Markierung entfernt, der Text bleibt: „Zitat freigeben lassen!“." in result.notes


def test_plain_clean_html_is_left_alone_without_notes():
    html = (
        '<p>Eine <strong>klare</strong> Antwort mit <a href="https://example.org">Link</a>.</p><ul><li>Punkt</li></ul>'
    )
    result = clean_office_html(html)
    assert result.notes == []
    assert result.html == richtext_sanitized(html)


def test_bullet_paragraphs_become_a_list_and_typed_comment_markers_go():
    result = clean_office_html("<p>· Eins</p><p>• Zwei</p><p>Weiter im Text [JK2] hier.</p>")
    assert result.html == "<ul><li>Eins</li><li>Zwei</li></ul><p>Weiter im Text hier.</p>"
    assert result.notes == [
        "Kommentarmarken entfernt: [JK2].",
        "Absätze mit Aufzählungszeichen („·“, „•“) in Listen umgewandelt.",
    ]


def test_script_stays_out():
    result = clean_office_html('<p>Text<script>alert(1)</script><a href="javascript:alert(1)">x</a></p>')
    assert "script" not in result.html and "javascript" not in result.html


def richtext_sanitized(html):
    from core import richtext

    return richtext.sanitize(html)


@pytest.mark.django_db
def test_the_paste_endpoint_cleans_for_editors_only(client, redaktion_user):
    url = reverse("admin:interviews_interview_paste")
    assert client.post(url, {"html": WORD}).status_code == 302  # to the login page

    client.force_login(redaktion_user)
    response = client.post(url, {"html": WORD})

    data = response.json()
    assert "[JK1]" not in data["html"] and "<ul><li>Wärmeplanung</li>" in data["html"]
    assert "Kommentarmarken entfernt: [JK1]." in data["notes"]
    assert client.get(url).status_code == 405


@pytest.mark.django_db
def test_saving_an_answer_removes_comment_markers_and_tells_the_editor(client, redaktion_user):
    interview = InterviewFactory()
    QuestionFactory(interview=interview, answer="<p>Alt.</p>")
    client.force_login(redaktion_user)
    url = reverse("admin:interviews_interview_change", args=[interview.pk])
    data = form_data(client.get(url))
    data["questions-0-answer"] = "<p>Wir haben 2019[JK1] begonnen.</p><p>· Wärme</p><p>· Strom</p>"

    response = client.post(url, data, follow=True)

    assert interview.questions.get().answer == "<p>Wir haben 2019 begonnen.</p><ul><li>Wärme</li><li>Strom</li></ul>"
    assert "Frage 1: Kommentarmarken entfernt: [JK1]." in messages_of(response)
