"""The print-image cache (core.print_images) names a photo chosen in a posted form, not saved yet, by its content.

Two uploads with the same file name and the same size (two photos from one camera, „IMG_0001.jpg“) must not share
the cached print image: the layout of a posted form reads a copy of the upload (interviews.editorial.budget).
"""

import io

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
