"""``manage.py startarea``: what it refuses, and an area it makes that works and passes its own
tests in a copy of the repository, with the portal's policy and Korean tests picking it up."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

REPO = Path(settings.BASE_DIR)


def _startarea(directory: Path, *args: str) -> None:
    call_command("startarea", *args, directory=directory, stdout=open(os.devnull, "w"))  # noqa: SIM115


def test_it_renders_the_declaration_the_catalog_and_the_tests(tmp_path):
    _startarea(
        tmp_path, "reports", "--title", "Reports", "--title-ko", "보고서",
        "--roles", "BillingAdmin,SecurityAdmin", "--order", "55",
    )
    app = tmp_path / "reports"
    area = (app / "area.py").read_text()
    assert '_("Reports")' in area
    assert '"reports/"' in area
    assert "roles=frozenset({Role.BILLING_ADMIN, Role.SECURITY_ADMIN})" in area
    assert "mfa=True" in area
    assert "order=55" in area
    assert "seeder=reports_seed_demo" in area
    po = (app / "locale/ko/LC_MESSAGES/django.po").read_text()
    assert 'msgid "Reports"\nmsgstr "보고서"' in po
    assert (app / "locale/ko/LC_MESSAGES/django.mo").stat().st_size > 0
    assert (app / "templates/reports/home.html").exists()
    assert {path.name for path in (app / "tests").iterdir()} >= {
        "test_area.py", "test_views.py", "test_browser.py", "pages.py",
    }
    # Nothing of the template's own names is left, and nothing else is written beside it.
    assert not list(app.rglob("*-tpl"))
    assert not list(app.rglob("app_name"))
    assert [path.name for path in tmp_path.iterdir()] == ["reports"]


def test_without_mfa_the_declaration_and_its_tests_say_so(tmp_path):
    _startarea(tmp_path, "notes", "--no-mfa")
    assert "mfa=False" in (tmp_path / "notes/area.py").read_text()
    assert "stepped_up" not in (tmp_path / "notes/tests/test_views.py").read_text()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Reports"], "not a valid area name"),
        (["billing"], "already has an area 'billing'"),
        (["json"], "conflicts with the name of an existing Python module"),
        (["reports", "--roles", "Owner"], "--roles 'Owner': use AdminAgent"),
        (["reports", "--title", 'Say "hi"'], "cannot be empty or contain quotes"),
        (["reports", "--route", "billing/"], "/billing/ is already a page of the area 'billing'"),
        (["reports", "--route", "/reports"], "a relative URL prefix"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(tmp_path, args, message):
    with pytest.raises(CommandError, match=message.replace("(", r"\(")):
        _startarea(tmp_path, *args)
    assert list(tmp_path.iterdir()) == []


def test_an_existing_directory_is_left_alone(tmp_path):
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "notes.txt").write_text("mine")
    with pytest.raises(CommandError, match="already exists"):
        _startarea(tmp_path, "reports")
    assert [path.name for path in (tmp_path / "reports").iterdir()] == ["notes.txt"]


def _copy_of_the_repository(destination: Path) -> Path:
    # What a checkout holds (with the compiled catalogs), without environments and local data.
    shutil.copytree(
        REPO, destination,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "var", ".env", "docs", "__pycache__", ".hypothesis", ".ruff_cache",
            "test-results", "build", "*.egg-info", ".startarea-*",
        ),
    )
    return destination


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.portal_test",
           "DJANGO_ALLOW_ASYNC_UNSAFE": "true"}
    return subprocess.run(  # noqa: S603 (our own interpreter and arguments)
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=900, check=False
    )


def test_a_new_area_works_and_passes_its_own_tests_in_a_checkout(tmp_path):
    checkout = _copy_of_the_repository(tmp_path / "checkout")
    python = sys.executable

    made = _run([python, "manage.py", "startarea", "reports", "--title", "Reports",
                 "--title-ko", "보고서", "--roles", "BillingAdmin"], checkout)
    assert made.returncode == 0, made.stderr
    assert "Created the area 'reports' at /reports/" in made.stdout

    checked = _run([python, "manage.py", "check", "--fail-level", "WARNING"], checkout)
    assert checked.returncode == 0, checked.stdout + checked.stderr

    linted = _run([str(Path(python).with_name("ruff")), "check", "reports"], checkout)
    assert linted.returncode == 0, linted.stdout

    # Its own tests (policy row, views, Playwright), and the portal's policy, checks and Korean
    # page tests, which now meet the new area too.
    tested = _run([python, "-m", "pytest", "-v", "reports", "portal/tests/test_policy.py",
                   "portal/tests/test_checks.py", "portal/tests/test_korean_pages.py"], checkout)
    assert tested.returncode == 0, tested.stdout[-4000:] + tested.stderr[-2000:]
    passed = {line.split(" ")[0] for line in tested.stdout.splitlines() if " PASSED" in line}
    for test in (
        "reports/tests/test_area.py::test_the_access_matrix_lists_it",
        "reports/tests/test_views.py::test_a_password_only_session_is_stepped_up_first",
        "reports/tests/test_views.py::test_the_page_is_in_korean",
        "reports/tests/test_browser.py::test_a_permitted_persona_opens_it_in_english_and_korean"
        "[chromium]",
        "reports/tests/test_browser.py::test_a_persona_without_the_role_is_refused[chromium]",
        # The portal's own policy test meets the new area with no edit.
        "portal/tests/test_policy.py::test_each_declared_area_is_enforced_at_its_home_url"
        "[reports]",
    ):
        assert test in passed, tested.stdout[-4000:]
