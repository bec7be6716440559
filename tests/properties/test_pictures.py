"""Cover photos and logos are stored once and offered in the sizes and formats each page needs.

A host's upload is cleaned (metadata-free, at most 2400 px) and stored under a name made from its
content; after it commits, a task writes its variants (widths × AVIF/WebP/JPEG for covers, WebP/PNG
for logos) next to it. Pages offer them with `srcset` and `sizes`, so a browser downloads the one
that fits; guest pages never point at the stored original.
"""

import io
import re

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image

from properties.models import Brand, Property
from properties.models.property import COVER_WIDTHS, LOGO_WIDTHS
from properties.services import clear_brand_override
from tests.photos import logo_png, phone_photo, upload_cover, upload_logo

pytestmark = pytest.mark.django_db

CONTENT_NAME = re.compile(r"^properties/covers/cover-[0-9a-f]{16}\.jpg$")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Each test writes its pictures to a folder of its own, to see exactly what is kept and what goes."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _files(root):
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def _folders(root):
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_dir())


def _variant_names(stored_name, widths, types):
    stem = stored_name.rsplit(".", 1)[0]
    return {f"{stem}/{w}w.{t.lower()}" for w in widths for t in types}


def _size(name):
    with default_storage.open(name) as file, Image.open(file) as image:
        return image.size


@pytest.fixture
def uploaded(cast, client_for, django_capture_on_commit_callbacks):
    """The villa with a 4000×3000 phone photo (1.2 MB) as its cover, its variants made."""
    with django_capture_on_commit_callbacks(execute=True):
        response = upload_cover(client_for(cast.owner), cast.villa)
    assert response.status_code == 302
    cast.villa.refresh_from_db()
    return cast.villa


def test_an_uploaded_cover_is_stored_once_under_a_name_made_from_its_content(uploaded):
    stored = uploaded.cover_photo
    assert CONTENT_NAME.match(stored.name)
    # 4000×3000 is halved (an exact reduction, gorently.images): within the 2400 px limit.
    assert (stored.width, stored.height) == (2000, 1500)
    assert (uploaded.cover_photo_width, uploaded.cover_photo_height) == (2000, 1500)


def test_its_variants_exist_in_every_width_and_format_after_the_upload(uploaded, media):
    name = uploaded.cover_photo.name
    assert uploaded.cover_photo.variants_ready
    expected = _variant_names(name, COVER_WIDTHS, ["AVIF", "WEBP", "JPEG"])
    assert set(_files(media)) == {name} | expected
    for width in COVER_WIDTHS:
        assert _size(f"{name.rsplit('.', 1)[0]}/{width}w.avif") == (width, width * 3 // 4)


def test_the_variants_are_much_smaller_than_the_stored_photo(uploaded):
    cover = uploaded.cover_photo
    original = cover.size
    sizes = {(w, t): default_storage.size(p.name) for t in cover.field.file_types for w, p in cover.variants(t).items()}
    assert original > 300_000, "the test photo should be as heavy as a real one"
    assert sizes[(1200, "AVIF")] < original / 5  # what a phone at 3x downloads
    assert sizes[(400, "AVIF")] < original / 40
    assert sizes[(100, "AVIF")] < 3_000  # the property list's thumbnail
    for (width, file_type), size in sizes.items():
        assert size < original, f"{width}w {file_type}"


def test_variants_are_made_by_a_task_once_the_upload_commits(cast, client_for, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        upload_cover(client_for(cast.owner), cast.villa)
    villa = Property.objects.get(pk=cast.villa.pk)
    assert villa.cover_photo and not villa.cover_photo.variants_ready
    assert not default_storage.exists(villa.cover_photo.name.rsplit(".", 1)[0] + "/400w.avif")

    for callback in callbacks:
        callback()  # the commit: the task runs (immediately, with the test settings' backend)

    villa.refresh_from_db()
    assert villa.cover_photo.variants_ready
    assert default_storage.exists(villa.cover_photo.name.rsplit(".", 1)[0] + "/400w.avif")


def test_until_then_guests_see_no_cover_and_the_host_sees_the_stored_photo(
    cast, client_for, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        upload_cover(client_for(cast.owner), cast.villa)
    villa = Property.objects.get(pk=cast.villa.pk)

    guest_page = client.get(reverse("portal:home", args=[cast.villa_reservation.portal_token])).content.decode()
    host_page = client_for(cast.owner).get(reverse("properties:detail", args=[villa.pk])).content.decode()

    assert "portal-cover" not in guest_page and villa.cover_photo.url not in guest_page
    assert f'src="{villa.cover_photo.url}"' in host_page


def test_the_guests_first_page_offers_the_variants_by_srcset_and_never_the_original(uploaded, cast, client):
    html = client.get(reverse("portal:home", args=[cast.villa_reservation.portal_token])).content.decode()
    cover = uploaded.cover_photo

    picture = re.search(r"<picture>.*?</picture>", html, re.S)[0]
    assert 'class="portal-cover"' in picture
    sources = re.findall(r'<source type="([^"]+)" srcset="([^"]+)" sizes="([^"]+)">', picture)
    assert [source[0] for source in sources] == ["image/avif", "image/webp"]
    for _type, srcset, sizes in sources:
        assert srcset.count("w,") == len(COVER_WIDTHS) - 1
        assert sizes == "(min-width: 48rem) 48rem, 100vw"
    assert re.search(r'<img src="[^"]+/800w\.jpeg" srcset="[^"]+/1600w\.jpeg 1600w"', picture), (
        "a JPEG variant for the rest"
    )
    assert 'width="2000" height="1500"' in picture  # the browser keeps room for it before it loads
    assert cover.url not in html


def test_the_property_list_uses_a_tiny_variant(uploaded, cast, client_for):
    html = client_for(cast.owner).get(reverse("properties:list")).content.decode()

    thumb = re.search(r"<picture>.*?</picture>", html, re.S)[0]
    assert 'class="thumb"' in thumb and 'sizes="48px"' in thumb
    avif = re.search(r'<source type="image/avif" srcset="([^"]+)"', thumb)[1]
    first_url, first_width = avif.split(", ")[0].split(" ")
    assert first_width == "100w"  # 48 px at 2x: the 100 px variant, about 2 KB
    assert default_storage.size(first_url.removeprefix("/media/")) < 3_000
    assert uploaded.cover_photo.url not in html


def test_the_property_page_shows_the_cover_in_its_column(uploaded, cast, client_for):
    html = client_for(cast.owner).get(reverse("properties:detail", args=[uploaded.pk])).content.decode()

    assert 'sizes="(max-width: 860px) 100vw, 50rem"' in html
    assert uploaded.cover_photo.url not in html


def test_a_new_upload_replaces_the_old_photo_and_its_variants(
    uploaded, cast, client_for, media, django_capture_on_commit_callbacks
):
    old = uploaded.cover_photo.name
    old_files = _files(media)
    another = phone_photo(3000, 2000, seed=11)

    with django_capture_on_commit_callbacks(execute=True):
        upload_cover(client_for(cast.owner), uploaded, another)

    uploaded.refresh_from_db()
    new = uploaded.cover_photo.name
    assert new != old and CONTENT_NAME.match(new)
    assert uploaded.cover_photo.variants_ready
    assert (uploaded.cover_photo_width, uploaded.cover_photo_height) == (2400, 1600)
    assert set(_files(media)) == {new} | _variant_names(new, COVER_WIDTHS, ["AVIF", "WEBP", "JPEG"])
    assert not set(old_files) & set(_files(media))


def test_removing_the_cover_deletes_its_files(uploaded, cast, client_for, media, django_capture_on_commit_callbacks):
    from tests.photos import property_form

    url = reverse("properties:edit", args=[uploaded.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client_for(cast.owner).post(url, property_form(uploaded, **{"cover_photo-clear": "on"}))

    uploaded.refresh_from_db()
    assert not uploaded.cover_photo
    assert _files(media) == []
    assert _folders(media) == ["properties", "properties/covers"]


def test_saving_other_fields_keeps_the_cover_and_its_variants(
    uploaded, cast, client_for, media, django_capture_on_commit_callbacks
):
    from tests.photos import property_form

    before = _files(media)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(cast.owner).post(reverse("properties:edit", args=[uploaded.pk]), property_form(uploaded, name="X"))

    uploaded.refresh_from_db()
    assert uploaded.name == "X" and uploaded.cover_photo.variants_ready
    assert _files(media) == before


# --- Logos --------------------------------------------------------------------------------------


@pytest.fixture
def logo(cast, client_for, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload_logo(client_for(cast.owner))
    assert response.status_code == 302
    return Brand.objects.get(organization=cast.organization, property=None)


def test_a_logo_gets_webp_variants_with_a_png_fallback_that_keeps_its_transparency(logo, media):
    name = logo.logo.name
    assert re.match(r"^brands/logos/logo-[0-9a-f]{16}\.png$", name)
    # 600 px wide: 160, 320 and 480, then its own width (never enlarged).
    assert set(_files(media)) == {name} | _variant_names(name, [160, 320, 480, 600], ["WEBP", "PNG"])
    assert LOGO_WIDTHS[-1] > 600
    with default_storage.open(name.rsplit(".", 1)[0] + "/160w.png") as file, Image.open(file) as image:
        assert image.mode == "RGBA" and image.getpixel((0, 0))[3] == 0


def test_guest_pages_size_the_logo_for_its_box(logo, cast, client):
    html = client.get(reverse("portal:home", args=[cast.villa_reservation.portal_token])).content.decode()

    picture = re.search(r'<picture><source type="image/webp"[^>]*>.*?class="portal-logo".*?</picture>', html, re.S)[0]
    # 600×200 in a 160×40 box: shown 120×40, so a phone at 3x wants 360 px and gets the 480 px variant.
    assert 'sizes="120px"' in picture and 'width="120" height="40"' in picture
    assert 'alt="Seaside Stays"' in picture
    assert logo.logo.url not in html


def test_the_qr_sheet_shows_the_logo_larger(logo, cast, client):
    html = client.get(reverse("guide:print", args=[cast.villa.guide_token])).content.decode()

    assert re.search(r'sizes="192px"[^>]*width="192" height="64"[^>]*class="print-logo"', html)


def test_a_tiny_logo_still_gets_one_variant_of_each_format(cast, client_for, media, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        upload_logo(client_for(cast.owner), logo_png(90, 30))

    brand = Brand.objects.get(organization=cast.organization)
    assert brand.logo.variants_ready
    stem = brand.logo.name.rsplit(".", 1)[0]
    assert set(_files(media)) == {brand.logo.name, f"{stem}/90w.webp", f"{stem}/90w.png"}


def test_dropping_a_propertys_own_branding_deletes_its_logo(
    cast, client_for, media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        upload_logo(client_for(cast.owner), property=cast.villa)
    assert _files(media)

    with django_capture_on_commit_callbacks(execute=True):
        clear_brand_override(actor=cast.owner, property=cast.villa)

    assert _files(media) == []


def test_the_stored_logo_is_the_cleaned_upload(logo):
    with default_storage.open(logo.logo.name) as file:
        image = Image.open(io.BytesIO(file.read()))
    assert image.size == (600, 200) and not image.info.get("exif")


# --- Serving ------------------------------------------------------------------------------------


def test_in_debug_uploaded_pictures_are_served_as_immutable(uploaded, client, settings):
    from gorently.media import serve_media

    settings.DEBUG = True
    stem = uploaded.cover_photo.name.rsplit(".", 1)[0]
    request = client.get("/").wsgi_request

    variant = serve_media(request, f"{stem}/400w.avif")
    original = serve_media(request, uploaded.cover_photo.name)

    assert variant["Content-Type"] == "image/avif"
    assert variant["Cache-Control"] == "public, max-age=31536000, immutable"
    assert original["Cache-Control"] == "public, max-age=31536000, immutable"


def test_a_media_file_without_a_content_name_is_not_cached_for_good(client, media):
    from gorently.media import serve_media

    (media / "properties").mkdir()
    (media / "properties" / "old-upload.jpg").write_bytes(phone_photo(40, 30))
    response = serve_media(client.get("/").wsgi_request, "properties/old-upload.jpg")

    assert response.status_code == 200
    assert "immutable" not in response.get("Cache-Control", "")
