"""A layout that closes a hole at a column's foot may end the last text page short (issue 19 item 4).

Real prose nobody wrote for the tests (docs/pdf.md, seed 1239 of ``bench.fit_sweep --sentences``; its
shape and text are in tests/fixtures/real_prose_1239.json): two tall upright figures set column-wide
(31 lines each) went on to the next column and left columns 22 and 14 lines short, 4.37 lines after
justification. The second layout sets both earlier in their theme and the holes close, but the text then
ends sooner: its last page filled 0.56, below the fit's window (``FILL_MIN_LAST``), and the fit kept the
first layout. Now a layout made to close a hole may fill the last page down to ``FILL_FALLBACK_LAST``
(the last text page may end short, a full page's column may not), and a later fit of the same text
takes that setting again in one layout.
"""

import pytest

from interviews import pdf
from interviews.pdf import columns, fitting
from tests.pdf_shapes import pdf_pages_text, real_prose

pytestmark = [pytest.mark.slow, pytest.mark.django_db, pytest.mark.backend_independent]


def test_the_figures_set_earlier_close_the_holes_though_the_last_page_ends_short(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    data, interview, source = real_prose(1239)

    result = fitting.fit(source, remember=True)

    assert len(result.setting.figures_moved) == 2 and result.layouts == 2
    assert columns.worst_full_page_gap(result.document) <= columns.FOOT_GAP_LINES
    assert fitting.FILL_FALLBACK_LAST <= result.measure.last_fill < fitting.FILL_MIN_LAST
    assert result.measure.pages == data["pages"]
    text = " ".join(" ".join(pdf_pages_text(result.pdf)).split())
    assert all(" ".join(row[0].split()) in text for row in data["rows"])

    # The same text again (the publish check, then the stored render): that setting, in one layout.
    again = fitting.fit(pdf.load_source(interview), remember=True)
    assert again.layouts == 1 and again.setting == result.setting
    assert columns.worst_full_page_gap(again.document) <= columns.FOOT_GAP_LINES
