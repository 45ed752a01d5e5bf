"""Pasted Word/LibreOffice HTML is cleaned: markers, footnotes, highlights and Office styles go, lists stay."""

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


def test_word_comment_footnote_and_highlight_are_removed_and_named():
    result = clean_office_html(WORD)

    assert "[JK1]" not in result.html
    assert "[1]" not in result.html
    assert "Quelle" not in result.html
    assert "Zahl prüfen" not in result.html
    assert "das bitte noch prüfen" not in result.html
    assert "Wir haben 2019 mit zwei Stellen begonnen." in result.html
    assert "mso" not in result.html.lower()
    assert "class=" not in result.html and "style=" not in result.html
    assert result.notes[:3] == [
        "Kommentarmarken entfernt: [JK1].",
        "Fußnotenzeichen und Fußnoten entfernt (1).",
        "Farbig markierter Text entfernt: „das bitte noch prüfen“.",
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

    assert "Der Kreis heizt mit Holz." in result.html
    assert "Zitat freigeben" not in result.html
    assert "Quelle" not in result.html
    assert "<ul><li><p>Hackschnitzel</p></li><li><p>Pellets</p></li></ul>" in result.html
    assert "<p>2019 – 1.200 t</p><p>2024 – 800 t</p>" in result.html
    assert any(note.startswith("Achtung: Tabellen sind in Antworten nicht möglich") for note in result.notes)
    assert "Farbig markierter Text entfernt: „Zitat freigeben lassen!“." in result.notes


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
