"""Bounded input (issue 9): a zip's member count and sizes are capped, paths out of it and
links are refused, only regular files are read, and a zip bomb is one line, quickly."""

from __future__ import annotations

import os
import resource
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from loaders import LoadError, read_dataset
from loaders.archive import Limits, parse_size

ORGS = "org_id,name,kind\nO1,一支部,branch\n"


def _zip(path: Path, members: dict[str, bytes], infos: list[zipfile.ZipInfo] = ()) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
        for info in infos:
            zf.writestr(info, b"/etc/passwd")
    return path


def test_sizes_parse() -> None:
    assert (parse_size("1GB"), parse_size("512 MB"), parse_size("2k")) == (1 << 30, 512 << 20, 2048)
    with pytest.raises(ValueError, match="not a size"):
        parse_size("lots")


def test_too_many_members_are_refused(tmp_path: Path) -> None:
    z = _zip(tmp_path / "a.zip", {"organizations.csv": ORGS.encode(), **{f"x{i}.txt": b"" for i in range(5)}})
    with pytest.raises(LoadError, match=r"^a.zip holds 6 files, more than the limit of 5 "
                                        r"\(setting BRANCHGRAPH_ZIP_MAX_MEMBERS\)$"):
        read_dataset(z, lang="en", limits=Limits(members=5))


def test_a_member_or_the_total_over_its_cap_is_refused(tmp_path: Path) -> None:
    z = _zip(tmp_path / "a.zip", {"organizations.csv": ORGS.encode() + b"O2,x,branch\n" * 100,
                                  "people.csv": b"person_id,name\n" + b"P,x\n" * 100})
    with pytest.raises(LoadError, match=r"'organizations.csv' in a.zip inflates to 1,237 bytes, more than "
                                        r"the limit of 1,000 bytes"):
        read_dataset(z, lang="en", limits=Limits(member_bytes=1000))
    with pytest.raises(LoadError, match=r"a.zip inflates to more than the limit of 1,500 bytes"):
        read_dataset(z, lang="en", limits=Limits(total_bytes=1500))
    assert read_dataset(z, lang="en").rows_read == 201  # the defaults take it


def test_a_workbook_is_bounded_like_a_zip(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "党组织"
    wb.active.append(["组织编码", "组织名称", "类型"])
    wb.save(tmp_path / "a.xlsx")
    with pytest.raises(LoadError, match=r"a.xlsx inflates to more than the limit of 100 bytes"):
        read_dataset(tmp_path / "a.xlsx", lang="en", limits=Limits(total_bytes=100))


@pytest.mark.parametrize("name", ["/etc/organizations.csv", "../organizations.csv", "a/../../b.csv",
                                  "C:/x/organizations.csv"])
def test_members_with_absolute_paths_or_dot_dot_are_refused(tmp_path: Path, name: str) -> None:
    z = _zip(tmp_path / "a.zip", {"organizations.csv": ORGS.encode(), name: ORGS.encode()})
    with pytest.raises(LoadError, match=r"a.zip holds '.*', an absolute path or one with \.\.; refused"):
        read_dataset(z, lang="en")


def test_a_symlink_in_a_zip_is_refused(tmp_path: Path) -> None:
    link = zipfile.ZipInfo("党组织.csv")
    link.create_system = 3
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    z = _zip(tmp_path / "a.zip", {}, [link])
    with pytest.raises(LoadError, match=r"a.zip/党组织.csv is a symbolic link and was not read"):
        read_dataset(z, lang="en")


def test_a_symlink_in_a_folder_is_refused_and_nothing_of_its_target_is_read(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    os.symlink("/etc/passwd", tmp_path / "d" / "党组织.csv")
    with pytest.raises(LoadError, match=r"^党组织.csv is a symbolic link and was not read: copy the file itself"):
        read_dataset(tmp_path / "d", lang="en")
    assert not list(tmp_path.glob("**/rejects.csv"))


def test_a_fifo_in_a_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "organizations.csv").write_text(ORGS, encoding="utf-8")
    os.mkfifo(tmp_path / "d" / "people.csv")
    with pytest.raises(LoadError, match=r"^people.csv is not a regular file"):
        read_dataset(tmp_path / "d", lang="en")


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 9 MB zip holding one 2 GB CSV (zeros after a header)."""
    path = tmp_path_factory.mktemp("bomb") / "bomb.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        with zf.open("党组织.csv", "w", force_zip64=True) as out:
            out.write(b"org_id,name,kind\n")
            chunk = b"\0" * (1 << 24)
            for _ in range(128):
                out.write(chunk)
    return path


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))


def test_a_2gb_zip_bomb_is_one_line_in_3gb_of_address_space(bomb: Path, tmp_path: Path) -> None:
    """Refused from the zip's directory, before anything is inflated (about 0.7 s for the
    whole command; the timeout only stops a hang)."""
    code = "import sys; from branchgraph.cli import main; sys.exit(main(sys.argv[1:]))"
    run = subprocess.run([sys.executable, "-c", code, "load", str(bomb), "--store", str(tmp_path / "g.lbug"),
                          "--lang", "en"], capture_output=True, text=True, timeout=60, cwd=tmp_path,
                         preexec_fn=_limit_memory, env={"PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8"})
    assert run.returncode == 1, run.stderr
    assert run.stderr.strip() == ("Error: '党组织.csv' in bomb.zip inflates to 2,048 MB, more than the limit "
                                  "of 512 MB (setting BRANCHGRAPH_ZIP_MAX_MEMBER)")
    assert not (tmp_path / "g.lbug").exists()


def test_a_zip_that_lies_about_its_sizes_is_stopped_while_inflating(bomb: Path, tmp_path: Path) -> None:
    """The bomb with its directory saying 1 MB: reading stops at the declared size and the
    check of the data fails, in the same 3 GB."""
    raw = bytearray(bomb.read_bytes())
    info = zipfile.ZipFile(bomb).infolist()[0]
    # zip64 extra fields hold the real sizes: rewrite every 8-byte copy of the size
    real = info.file_size.to_bytes(8, "little")
    fake = (1 << 20).to_bytes(8, "little")
    assert raw.count(real) >= 1
    lying = tmp_path / "lying.zip"
    lying.write_bytes(bytes(raw).replace(real, fake))
    code = ("import sys; from loaders import read_dataset, LoadError\n"
            "try:\n    read_dataset(sys.argv[1], lang='en')\nexcept LoadError as e:\n    print(e)")
    run = subprocess.run([sys.executable, "-c", code, str(lying)], capture_output=True, text=True, timeout=60,
                         preexec_fn=_limit_memory, env={"PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8"})
    assert run.returncode == 0 and run.stderr == "", run.stderr
    assert run.stdout.startswith("cannot read lying.zip/党组织.csv: "), run.stdout
