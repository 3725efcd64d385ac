"""Layout format 2: elements added, removed, duplicated and restacked; lines; pictures kept in
the programme (not as paths); old layouts still load; validation names the element or file;
the PDF carries the added text, picture, line and a scannable QR code."""

from __future__ import annotations

import json
import shutil
import subprocess

import pypdfium2 as pdfium
import pytest
from PIL import Image

from outreach.awards.certificate_batch import (
    get_layout,
    is_customised,
    list_layouts,
    preview_page,
    save_layout,
)
from outreach.printing.certificates import (
    LAYOUT_FORMAT_VERSION,
    LAYOUTS_DIR,
    ImageElement,
    ImageFileError,
    LayoutError,
    LineElement,
    QrElement,
    RenderFonts,
    TextElement,
    builtin_layouts,
    export_layout_files,
    layout_to_data,
    layout_to_json,
    load_layout_file,
    parse_layout,
    parse_layout_text,
    read_image_file,
    render_page_bytes,
    with_stored_images,
)
from outreach.printing.fonts import register_bundled_fonts


@pytest.fixture
def logo(tmp_path):
    path = tmp_path / "校徽.png"
    image = Image.new("RGB", (60, 30), (20, 90, 200))
    image.paste((250, 200, 0), (30, 0, 60, 30))
    image.save(path)
    return path


def honour():
    return next(layout for layout in builtin_layouts() if layout.id == "honour")


def fonts() -> RenderFonts:
    registered = register_bundled_fonts()
    return RenderFonts(registered.regular, registered.bold)


def test_version_one_layouts_still_load_and_save_as_version_two(tmp_path):
    old = json.loads((LAYOUTS_DIR / "honour.json").read_text(encoding="utf-8"))
    assert "version" not in old  # the shipped files are format 1
    layout = parse_layout(old, "honour.json")
    data = layout_to_data(layout)
    # The lowest version that holds it: nothing in it needs format 3.
    assert data["version"] == 2 and LAYOUT_FORMAT_VERSION == 3
    assert parse_layout(data, "again").elements == layout.elements


def test_newer_format_and_lines_in_format_one_are_refused_by_name():
    data = layout_to_data(honour())
    data["version"] = 4
    with pytest.raises(LayoutError, match=r"format 4.*up to format 3"):
        parse_layout(data, "future.json")
    data = layout_to_data(honour())
    del data["version"]
    data["elements"].append({"id": "rule", "type": "line", "x": 10, "y": 10, "width": 50})
    with pytest.raises(LayoutError) as caught:
        parse_layout(data, "old.json")
    assert "elements[14] (rule).type" in caught.value.render("en")
    assert '"version": 2' in caught.value.render("en")
    data["version"] = 2
    data["elements"][-1].update(width=0, colour="blue")
    with pytest.raises(LayoutError) as caught:
        parse_layout(data, "x.json")
    text = caught.value.render("en")
    assert "elements[14] (rule): the line has no length" in text
    assert "elements[14] (rule).colour: colour 'blue'" in text


def test_element_operations_return_new_layouts():
    layout = honour()
    added = layout.with_added(TextElement(layout.unused_id("title"), "{class}", 10, 10, 50, 8))
    assert added.elements[-1].id == "title2" and len(layout.elements) == 14
    copied, copy = added.duplicated("seal")
    assert copy is not None and copy.id == "seal2" and copy.image == "seal.png"
    assert copied.elements.index(copy) == copied.elements.index(copied.element("seal")) + 1
    # Kept on the page: the seal sits near the right edge, so the copy moves at most to it.
    assert copy.x + copy.width <= layout.page_mm[0]
    assert copied.duplicated("qr")[1] is None  # one QR code per layout
    ids = [e.id for e in layout.restacked("emblem", 1).elements]
    assert ids[:2] == ["title", "emblem"]
    assert layout.restacked("title", -1).elements[0].id == "title"
    assert [e.id for e in layout.restacked("code", 1).elements][-1] == "code"  # already on top
    assert layout.without("qr").element("qr") is None and layout.element("qr") is not None


def test_pictures_are_refused_with_the_file_named(tmp_path):
    fake = tmp_path / "seal.png"
    fake.write_text("not a picture", encoding="utf-8")
    with pytest.raises(ImageFileError) as caught:
        read_image_file(fake)
    assert "seal.png" in caught.value.message.render("en")
    assert "图片 seal.png 无法读取" in caught.value.message.render("zh_CN")
    gif = tmp_path / "logo.gif"
    Image.new("RGB", (10, 10)).save(gif)
    with pytest.raises(ImageFileError, match=r"logo\.gif is in GIF format"):
        read_image_file(gif)
    truncated = tmp_path / "cut.png"
    whole = tmp_path / "whole.png"
    Image.effect_noise((200, 200), 50).save(whole)
    truncated.write_bytes(whole.read_bytes()[:400])
    with pytest.raises(ImageFileError, match=r"cut\.png"):
        read_image_file(truncated)
    with pytest.raises(ImageFileError, match=r"missing\.png"):
        read_image_file(tmp_path / "missing.png")
    # A layout file naming a broken picture names the element as well as the file.
    data = layout_to_data(honour())
    data["elements"][0]["image"] = str(fake)
    with pytest.raises(LayoutError, match=r"elements\[0\] \(emblem\)\.image: .*seal\.png"):
        parse_layout(data, "x.json")


def test_a_stored_picture_survives_the_file_being_deleted(db, logo):
    ref, data, info = read_image_file(logo)
    assert ref.startswith("stored:") and info.format == "PNG" and info.aspect == 2
    layout = honour().with_stored_image(ref, data)
    layout = layout.with_added(ImageElement("logo", ref, 100, 170, 30, 15))
    layout = layout.with_added(LineElement("rule", 175, 159, 85, 0, colour="#A8141C"))
    save_layout(db, layout)
    logo.unlink()  # the original file is gone (another laptop)
    saved = get_layout(db, "honour")
    assert saved.element("logo").image == ref and saved.stored_images[ref] == data
    assert saved.element("rule") == LineElement("rule", 175, 159, 85, 0, colour="#A8141C")
    stored = db.execute("SELECT id, data FROM certificate_images").fetchall()
    assert stored == [(ref, data)]
    # Not in the programme: the layout names the element instead of printing a hole.
    text = layout_to_json(saved)
    with pytest.raises(LayoutError, match=r"elements\[14\] \(logo\)\.image: .*not in this"):
        parse_layout_text(text, "honour")


def test_check_names_a_layout_whose_stored_picture_is_gone(db, logo):
    from outreach.awards.feature import check

    ref, data, _info = read_image_file(logo)
    layout = honour().with_stored_image(ref, data)
    save_layout(db, layout.with_added(ImageElement("logo", ref, 100, 170, 30, 15)))
    assert not [p for p in check(db) if p.key == "awards.check.missing_image"]
    with db.atomic():
        db.execute("DELETE FROM certificate_images")  # a damaged or hand-edited file
    (problem,) = [p for p in check(db) if p.key == "awards.check.missing_image"]
    assert "honour" in problem.render("en") and ref[:19] in problem.render("zh_CN")


def test_saving_the_built_in_design_unchanged_is_no_saved_copy(db):
    layout = honour()
    save_layout(db, layout.without("reissue"))
    assert is_customised(db, "honour")
    save_layout(db, layout)
    assert not is_customised(db, "honour")
    assert [x.id for x in list_layouts(db)][:2] == ["honour", "volunteer"]


def test_export_and_import_carry_the_pictures_to_another_programme(db, logo, tmp_path):
    from outreach.storage import memory_programme

    ref, data, _info = read_image_file(logo)
    layout = honour().with_stored_image(ref, data)
    layout = layout.with_added(ImageElement("logo", ref, 100, 170, 30, 15))
    out = tmp_path / "exported" / "my-design.json"
    out.parent.mkdir()
    files = export_layout_files(layout, out)
    assert len(files) == 2 and files[1].suffix == ".png"
    assert ref not in out.read_text(encoding="utf-8")  # a relative file name instead
    other = memory_programme()
    try:
        imported = with_stored_images(load_layout_file(out), out.parent)
        shutil.rmtree(out.parent)
        save_layout(other.db, imported)
        again = get_layout(other.db, "honour")
        assert again.element("logo").image == ref
        assert again.element("emblem").image == "emblem.png"  # built-in pictures stay named
    finally:
        other.close()


def page_object_count(data: bytes, kind: str) -> int:
    import pypdfium2.raw as raw

    wanted = {"image": raw.FPDF_PAGEOBJ_IMAGE, "path": raw.FPDF_PAGEOBJ_PATH}[kind]
    pdf = pdfium.PdfDocument(data)
    try:
        return sum(1 for obj in pdf[0].get_objects(max_depth=3) if obj.type == wanted)
    finally:
        pdf.close()


def test_added_text_picture_and_qr_are_in_the_pdf(db, logo, tmp_path):
    ref, data, _info = read_image_file(logo)
    plain = honour().without("qr")
    designed = plain.with_stored_image(ref, data)
    designed = designed.with_added(ImageElement("logo", ref, 100, 170, 30, 15))
    designed = designed.with_added(
        TextElement("motto", "学保险 · 懂保险 · {class}", 100, 186, 120, 8, size=12, align="left")
    )
    designed = designed.with_added(QrElement("qr", 240, 165, size=30))
    designed = designed.with_added(LineElement("rule", 175, 170, 85, 0, line_width=1))
    designed = save_layout(db, designed)
    page = preview_page(db, None, designed)
    before = render_page_bytes(plain, page, fonts())
    after = render_page_bytes(designed, page, fonts())
    assert page_object_count(after, "image") == page_object_count(before, "image") + 1
    without_line = render_page_bytes(designed.without("rule"), page, fonts())
    assert page_object_count(after, "path") == page_object_count(without_line, "path") + 1
    pdf = pdfium.PdfDocument(after)
    text = pdf[0].get_textpage().get_text_range()
    assert "学保险 · 懂保险 · " + page.values["class"] in text
    if shutil.which("zbarimg"):
        png = tmp_path / "page.png"
        pdf[0].render(scale=2).to_pil().save(png)
        decoded = subprocess.run(
            ["zbarimg", "-q", "--raw", str(png)], capture_output=True, text=True
        ).stdout.strip()
        assert decoded == page.qr_payload
    pdf.close()


def test_a_layout_saved_with_a_path_keeps_the_picture_itself(db, logo):
    # Layouts imported by earlier versions named pictures by an absolute path on the laptop.
    data = layout_to_data(honour())
    del data["version"]
    data["elements"][0]["image"] = str(logo)
    old = parse_layout(data, "old-import")
    saved = save_layout(db, old)
    ref = saved.element("emblem").image
    assert ref.startswith("stored:") and saved.stored_images[ref] == logo.read_bytes()
    logo.unlink()
    assert get_layout(db, "honour").element("emblem").image == ref
    assert "stored:" in db.execute("SELECT json FROM certificate_layouts").fetchone()[0]


def test_a_design_moves_to_another_paper_size_and_stays_valid():
    layout = honour()
    a5 = layout.on_page("A5", "landscape")
    assert a5.page_mm == (210.0, 148.0)
    title, small = layout.element("title"), a5.element("title")
    assert small.size < title.size and small.x == round(title.x * 210 / 297, 1)
    assert a5.element("qr").size < layout.element("qr").size
    parse_layout(layout_to_data(a5), "a5")  # every element still on the page
    portrait = layout.on_page("A4", "portrait")
    parse_layout(layout_to_data(portrait), "portrait")
    assert portrait.element("qr").x + portrait.element("qr").size <= 210


def test_import_layout_on_the_command_line_all_or_nothing(tmp_path, logo):
    import io

    from outreach.cli import main
    from outreach.storage import open_programme

    def run(*argv: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        return main(list(argv), stdout=out, stderr=err), out.getvalue(), err.getvalue()

    data = layout_to_data(honour())
    data["id"] = "school"
    data["elements"].append(
        {
            "id": "logo",
            "type": "image",
            "image": logo.name,
            "x": 5,
            "y": 5,
            "width": 20,
            "height": 10,
        }
    )
    good = tmp_path / "school.json"
    good.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    db = str(tmp_path / "p.db")
    code, out, _ = run("--db", db, "import", "layout", str(good), "--dry-run")
    assert code == 0 and ("nothing saved" in out or "未保存" in out)
    data["elements"][0]["x"] = "left"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, _, err = run("--db", db, "import", "layout", str(bad))
    assert code == 1 and "bad.json" in err and "elements[0] (emblem).x" in err
    (tmp_path / "fake.png").write_text("no", encoding="utf-8")
    data["elements"][0]["x"] = 32
    data["elements"][-1]["image"] = "fake.png"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, _, err = run("--db", db, "import", "layout", str(bad))
    assert code == 1 and "fake.png" in err
    programme = open_programme(db)
    assert not programme.db.execute("SELECT count(*) FROM certificate_layouts").fetchone()[0]
    programme.close()
    code, _, _ = run("--db", db, "import", "layout", str(good))
    assert code == 0
    logo.unlink()
    programme = open_programme(db)
    try:
        layout = get_layout(programme.db, "school")
        assert layout.element("logo").image.startswith("stored:")
    finally:
        programme.close()


def test_a_replaced_picture_leaves_the_file(db, logo, tmp_path):
    first, first_data, _ = read_image_file(logo)
    other = tmp_path / "seal2.png"
    Image.new("RGB", (20, 20), (200, 0, 0)).save(other)
    second, second_data, _ = read_image_file(other)
    layout = honour().with_stored_image(first, first_data)
    save_layout(db, layout.with_added(ImageElement("logo", first, 100, 170, 30, 15)))
    save_layout(
        db,
        layout.with_added(ImageElement("logo", second, 100, 170, 30, 15)).with_stored_image(
            second, second_data
        ),
    )
    assert [r for (r,) in db.execute("SELECT id FROM certificate_images")] == [second]
    save_layout(db, honour())  # back to the built-in design: no picture of ours is used
    assert db.execute("SELECT count(*) FROM certificate_images").fetchone()[0] == 0
