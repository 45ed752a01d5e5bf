"""The print-image cache (core.print_images): a photo chosen in a posted form, not saved yet, is named by its content;
a fit converts each image once, and a second fit of the same interview none.

Two uploads with the same file name and the same size (two photos from one camera, „IMG_0001.jpg“) must not share
the cached print image: the layout of a posted form reads a copy of the upload (interviews.editorial.budget).
"""

import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from core import print_images
from interviews.models import Interview


def chosen_upload(color):
    """A photo chosen in a form and not saved yet, as the layout of a posted form reads it (an uncommitted file)."""
    buffer = io.BytesIO()
    Image.new("RGB", (60, 75), color).save(buffer, "BMP")  # uncompressed: same size whatever the colour
    field_file = Interview().portrait
    field_file.name = "IMG_0001.bmp"
    field_file.file = ContentFile(buffer.getvalue(), name="IMG_0001.bmp")
    field_file._committed = False
    return field_file


def printed_colour(path):
    with Image.open(path) as image:
        return image.convert("RGB").getpixel((image.width // 2, image.height // 2))


def test_two_uploads_with_one_name_and_size_get_their_own_print_image(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    red, blue = chosen_upload((200, 20, 20)), chosen_upload((20, 40, 200))
    assert (red.name, red.size) == (blue.name, blue.size)

    red_path = print_images.cmyk_jpeg(red, 20, 25)
    blue_path = print_images.cmyk_jpeg(blue, 20, 25)

    assert red_path != blue_path
    r, g, b = printed_colour(red_path)
    assert r > b + 80
    r, g, b = printed_colour(blue_path)
    assert b > r + 80
    # The same content again finds its print image: the cache still works.
    assert print_images.cmyk_jpeg(chosen_upload((200, 20, 20)), 20, 25) == red_path


@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.backend_independent
@pytest.mark.sqlite_pass
def test_a_second_fit_converts_no_image_again(settings, tmp_path):
    """The first fit converts the portrait and each figure once, for all its layouts; a fit of the same interview
    again (a word changed, nothing fitted remembered) finds them all in the cache and writes none."""
    from interviews import pdf
    from tests.pdf_shapes import generated_shape, make_interview

    settings.MEDIA_ROOT = tmp_path
    shape, pages = generated_shape(907)  # a portrait and three figures; two layouts
    interview = make_interview(shape, pages=pages, seed=907, slug="cache-907")
    assert shape.portrait
    result = pdf.fit(interview, remember=False)
    assert result.layouts == 2
    converted = {path: path.stat().st_mtime_ns for path in print_images.cache_dir().glob("*.jpg")}
    assert len(converted) == 1 + len(shape.figures)

    question = interview.questions.first()
    question.answer = question.answer.replace("<p>", "<p>Neu ", 1)
    question.save()
    pdf.fit(interview, remember=False)
    assert {path: path.stat().st_mtime_ns for path in print_images.cache_dir().glob("*.jpg")} == converted
