"""static/ beside content/: copied as it is to the output's root, dotfiles included; a clash is an error."""

from __future__ import annotations

from tests.conftest import article, run_build


def test_static_files_reach_the_output_root_with_dotfiles(scratch_site):
    root = scratch_site({
        "content/tin-tuc/bai.md": article(),
        "static/CNAME": "congdoan.example.vn\n",
        "static/.htaccess": "ErrorDocument 404 /404.html\n",
        "static/_redirects": "/cu/ /moi/ 301\n",
        "static/.well-known/security.txt": "Contact: mailto:bientap@example.vn\n",
        "static/google1234.html": "google-site-verification: google1234.html",
        "static/~$bao-cao.docx": b"office lock file",
        "static/ghi-chu.txt~": "editor backup",
    })
    code, _, err = run_build(root)
    assert code == 0, err
    out = root / "output"
    assert (out / "CNAME").read_text() == "congdoan.example.vn\n"
    assert (out / ".htaccess").read_text() == "ErrorDocument 404 /404.html\n"
    assert (out / "_redirects").read_text() == "/cu/ /moi/ 301\n"
    assert (out / ".well-known/security.txt").is_file()
    assert (out / "google1234.html").is_file()
    assert not (out / "~$bao-cao.docx").exists() and not (out / "ghi-chu.txt~").exists()
    assert (out / "tin-tuc/bai-thu/index.html").is_file()


def test_a_changed_static_file_is_rebuilt_and_a_removed_one_leaves(scratch_site):
    root = scratch_site({"content/tin-tuc/bai.md": article(), "static/CNAME": "a.example.vn\n",
                         "static/robots-extra.txt": "x"})
    assert run_build(root)[0] == 0
    (root / "static/CNAME").write_text("b.example.vn\n")
    (root / "static/robots-extra.txt").unlink()
    code, out, err = run_build(root)
    assert code == 0, err
    assert "Không có gì thay đổi" not in out
    assert (root / "output/CNAME").read_text() == "b.example.vn\n"
    assert not (root / "output/robots-extra.txt").exists()


def test_a_static_file_at_a_generated_address_is_an_error_and_nothing_is_written(scratch_site):
    root = scratch_site({"content/tin-tuc/bai.md": article()})
    assert run_build(root)[0] == 0
    before = (root / "output/feed.xml").read_bytes()
    (root / "static/tin-tuc/bai-thu").mkdir(parents=True)
    (root / "static/tin-tuc/bai-thu/index.html").write_text("<p>tay</p>")
    (root / "static/feed.xml").write_text("<feed/>")
    code, _, err = run_build(root)
    assert code == 1
    assert "static/tin-tuc/bai-thu/index.html: Tệp tĩnh trùng địa chỉ" in err
    assert "static/feed.xml: Tệp tĩnh trùng địa chỉ" in err
    assert (root / "output/feed.xml").read_bytes() == before
    assert "tay" not in (root / "output/tin-tuc/bai-thu/index.html").read_text()


def test_a_static_symlink_out_of_the_project_is_refused(scratch_site, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("mật")
    root = scratch_site({"content/tin-tuc/bai.md": article(), "static/keep.txt": "x"})
    (root / "static/leak.txt").symlink_to(secret)
    code, _, err = run_build(root)
    assert code == 1
    assert "static/leak.txt" in err


def test_the_preview_writer_never_writes_through_a_folder_linked_out_of_its_output(tmp_path):
    """The dev server's in-place writer makes new folders level by level without resolving each; one that
    is already there is resolved, and a symlink to outside the output is refused before anything is written."""
    import pytest

    from bangvang.errors import OutputError
    from bangvang.write import InPlaceSite

    outside = tmp_path / "outside"
    outside.mkdir()
    root = tmp_path / "serve"
    root.mkdir()
    (root / "tin-tuc").symlink_to(outside, target_is_directory=True)
    target = InPlaceSite(root)
    target.write("vinh-danh/a/index.html", b"a")
    target.write("vinh-danh/b/index.html", b"b")
    target.flush()
    assert (root / "vinh-danh/b/index.html").read_bytes() == b"b"
    target.write("tin-tuc/bai/index.html", b"leak")
    with pytest.raises(OutputError):
        target.flush()
    assert list(outside.iterdir()) == []
