"""No hyphen across a page turn (issue 19 item 5), on WeasyPrint itself: interviews/pdf/turns.py.

The hook wraps two of WeasyPrint 70's internal functions. These tests lay out
small documents with and without it, so they fail when a WeasyPrint upgrade
changes those functions or the hook stops acting. The fitted interviews are
checked in tests/test_pdf.py and tests/test_demo.py.
"""

import pytest

from interviews.pdf import hooks, hyphenation, turns
from interviews.pdf.columns import SPACE_EM, line_boxes, text_boxes
from tests.pdf_shapes import COMPOUNDS, SENTENCES

pytestmark = [pytest.mark.slow, pytest.mark.backend_independent]

TEXT = " ".join(SENTENCES + COMPOUNDS[:2] + SENTENCES + COMPOUNDS[2:] + SENTENCES)
STYLE = (
    "@page {{ size: {width}mm {height}mm; margin: 8mm }} "
    "body {{ font: 10pt/1.3 serif; hyphens: auto; text-align: justify; orphans: 2; widows: 2; margin: 0 }} "
    "{extra}"
)


def render(html, guarded):
    from weasyprint import HTML

    hyphenation.install()
    if guarded:
        with turns.guarded():
            return HTML(string=html).render()
    return HTML(string=html).render()


def layout(height, guarded, width=103, extra=""):
    style = STYLE.format(width=width, height=height, extra=extra)
    return render(f'<html lang="de"><style>{style}</style><body><div><p>{TEXT}</p></div></body></html>', guarded)


def page_ends(document):
    """Per page but the last: (last line's text, x of that line)."""
    ends = []
    for page in document.pages[:-1]:
        lines = list(line_boxes(page._page_box))
        last = max(lines, key=lambda line: (line.position_x, line.position_y))
        ends.append(("".join(box.text for box in text_boxes(last)), last.position_x))
    return ends


def words(document):
    return "".join(box.text.rstrip("-\u2010") for page in document.pages for box in text_boxes(page._page_box)).replace(
        " ", ""
    )


def find_height():
    """A page height (mm) at which WeasyPrint alone ends a page on a hyphen."""
    for height in range(70, 160):
        document = layout(height, guarded=False)
        if any(text.rstrip().endswith(turns.HYPHENS) for text, _x in page_ends(document)):
            return height, document
    pytest.fail("no page ends on a hyphen at any height: the test text no longer hyphenates")


def test_without_the_hook_a_page_ends_on_a_hyphen_with_it_none_does_and_no_word_is_lost():
    height, plain = find_height()
    guarded = layout(height, guarded=True)
    assert not any(text.rstrip().endswith(turns.HYPHENS) for text, _x in page_ends(guarded)), page_ends(guarded)
    assert words(guarded) == words(plain)
    # Outside guarded() (the yardstick of make bench, other documents) WeasyPrint is unchanged.
    assert page_ends(layout(height, guarded=False)) == page_ends(plain)


def test_in_two_columns_only_the_right_column_is_a_page_turn():
    columns = "div { column-count: 2; column-gap: 5.5mm; column-fill: auto }"
    found = 0
    for height in range(70, 130):
        plain = layout(height, guarded=False, width=210, extra=columns)
        guarded = layout(height, guarded=True, width=210, extra=columns)
        for text, x in page_ends(guarded):
            assert x > turns.LAST_COLUMN_X and not text.rstrip().endswith(turns.HYPHENS), (height, text)
        found += any(text.rstrip().endswith(turns.HYPHENS) for text, _x in page_ends(plain))
        assert words(guarded) == words(plain)
        if found:
            break
    assert found, "the two-column text never ended a page on a hyphen without the hook"


def kept_together(height, guarded):
    """Paragraphs of three sentences, each followed by a block that may neither split nor start a page: where
    that block does not fit, WeasyPrint moves the break up into the paragraph (``find_earlier_page_break``)."""
    style = STYLE.format(width=103, height=height, extra=".keep { break-before: avoid; break-inside: avoid }")
    sentences = (SENTENCES + COMPOUNDS) * 3
    kept = "<div class=keep><p>{} {}</p></div>"
    blocks = "".join(
        f"<p>{' '.join(sentences[1 + i * 3 : 4 + i * 3])}</p>" + kept.format(*sentences[i : i + 2]) for i in range(8)
    )
    return render(f'<html lang="de"><style>{style}</style><body>{blocks}</body></html>', guarded)


def test_a_break_moved_up_before_a_block_kept_together_keeps_no_hyphen_either():
    # 90 mm: WeasyPrint alone moves a page's break up into a paragraph whose first two lines stay, the
    # second ending on „Bundesför-“; with the hook that line is set again without hyphenation.
    plain = kept_together(90, guarded=False)
    assert any(text.rstrip().endswith(turns.HYPHENS) for text, _x in page_ends(plain))
    guarded = kept_together(90, guarded=True)
    assert not any(text.rstrip().endswith(turns.HYPHENS) for text, _x in page_ends(guarded)), page_ends(guarded)
    assert words(guarded) == words(plain)
    assert len(guarded.pages) == len(plain.pages)
    # The line set again and the one before it share the space its shorter end leaves: set alone, page 4's
    # „ausbaustrategie ergänzen sich. Die“ had word spaces of 2.49 em; now „…und die Fern-“ gives it
    # „wärme“, and neither line's spaces exceed 1.5 em.
    for page in guarded.pages[:-1]:
        for line in list(line_boxes(page._page_box))[-2:]:
            stretch = max((getattr(box, "justification_spacing", 0) for box in text_boxes(line)), default=0)
            assert SPACE_EM + stretch / line.style["font_size"] <= 1.5, "".join(b.text for b in text_boxes(line))


# A paragraph with emphasis (generated, 5 December): at 9.72 pt in an 87.25 mm column WeasyPrint 70 alone sets
# „kommu-“ / „na-“ / „len Liegenschaften …“, since the text before „<em>Sichtbare</em>“ ends with a space that it
# counts against the line.
EMPHASIS = (
    "Im ländlichen Raum spielen Nahwärmenetze und Biomasse eine größere Rolle als in der Stadt. Jede "
    "Beschlussvorlage enthält eine kurze <em>Abschätzung</em> der Klimawirkung. Die Energieverbräuche der "
    "kommunalen Liegenschaften werden monatlich ausgewertet. <em>Sichtbare</em> <em>Wirkung</em> zeigt sich vor "
    "<em>allem</em> bei der Sanierung von Schulen und Kindertagesstätten."
)


def lone_pieces(document):
    """Lines that hold nothing but a piece of a word and its hyphen."""
    texts = ["".join(box.text for box in text_boxes(line)).strip() for line in line_boxes(document.pages[0]._page_box)]
    return [text for text in texts if text.endswith(turns.HYPHENS) and " " not in text and len(text) <= 8]


def test_a_text_before_an_emphasis_is_not_cut_to_one_syllable_for_its_last_space():
    from django.conf import settings

    fonts = settings.BASE_DIR / "static" / "print" / "fonts"
    faces = "".join(
        f"@font-face {{ font-family: Serif; font-style: {style}; src: url({(fonts / name).as_uri()}) }} "
        for style, name in (
            ("normal", "source-serif-4-latin-400-normal.ttf"),
            ("italic", "source-serif-4-latin-400-italic.ttf"),
        )
    )
    style = STYLE.format(
        width=103.25, height=200, extra=faces + 'body { font: 9.72pt/1.33 Serif; hyphenate-character: "-" }'
    )
    html = f'<html lang="de"><style>{style}</style><body><p>{EMPHASIS}</p></body></html>'

    plain, guarded = render(html, guarded=False), render(html, guarded=True)

    assert lone_pieces(plain) == ["na-"]
    assert lone_pieces(guarded) == []
    assert words(guarded) == words(plain)


def test_install_refuses_a_weasyprint_whose_page_breaking_changed(monkeypatch):
    from weasyprint.layout import block

    def changed(context, box, line, new_children):  # another signature than WeasyPrint 70's
        return None

    monkeypatch.setattr(turns, "_installed", [])
    monkeypatch.setattr(block, "_break_line", changed)
    with pytest.raises(hooks.WeasyPrintChanged):
        turns.install()
