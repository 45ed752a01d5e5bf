"""One sanitiser, named allow-lists: answers keep less than legal pages; both drop scripts and javascript: links."""

from core import richtext
from pages.models import Page

PAYLOAD = (
    '<h2>Kontakt</h2><p><a href="/datenschutz/">Datenschutz</a> <a href="tel:+4930123">Telefon</a> '
    '<a href="javascript:alert(1)">x</a><script>alert(2)</script><img src=x onerror=alert(3)></p>'
)


def test_answers_keep_no_headings_no_relative_or_tel_links():
    cleaned = richtext.sanitize(PAYLOAD)

    assert "<h2>" not in cleaned and "Kontakt" in cleaned
    assert 'href="/datenschutz/"' not in cleaned and "tel:" not in cleaned
    assert "javascript:" not in cleaned and "alert" not in cleaned and "<img" not in cleaned


def test_legal_pages_keep_headings_site_links_and_phone_numbers():
    cleaned = richtext.sanitize(PAYLOAD, richtext.LEGAL_PAGE)

    assert "<h2>Kontakt</h2>" in cleaned
    assert 'href="/datenschutz/"' in cleaned and 'href="tel:+4930123"' in cleaned
    assert "javascript:" not in cleaned and "alert" not in cleaned and "<img" not in cleaned


def test_editors_offer_what_the_allow_list_keeps():
    answer = richtext.editor_config(richtext.ANSWER)["extensions"]
    page = richtext.editor_config(richtext.LEGAL_PAGE)["extensions"]

    assert "Heading" not in answer and page["Heading"] == {"levels": [2, 3]}
    assert answer["Link"]["protocols"] == ["http", "https", "mailto"]
    assert page["Link"]["protocols"] == ["http", "https", "mailto", "tel"]


def test_a_legal_page_is_stored_clean(db):
    page = Page.objects.get(slug="impressum")
    page.body = PAYLOAD
    page.save()

    page.refresh_from_db()
    assert "<h2>Kontakt</h2>" in page.body and "alert" not in page.body
