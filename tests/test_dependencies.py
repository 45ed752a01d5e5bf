"""Dependencies as they run: what the application imports is in requirements.lock (what a server installs), and
the development tools are only in requirements-dev.lock. pyproject.toml and the two lock files agree."""

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

from django.conf import settings
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
FIRST_PARTY = {"akk_cms", "core", "interviews", "municipalities", "pages"}
RUNTIME_CODE = [*(ROOT / name for name in sorted(FIRST_PARTY)), ROOT / "manage.py", ROOT / "deploy"]


def pinned(lock_file):
    text = (ROOT / lock_file).read_text()
    return {canonicalize_name(name) for name in re.findall(r"^([A-Za-z0-9._-]+)==", text, re.M)}


def imported_modules():
    """Top-level names of every module the runtime code imports, inside functions too (heavy imports live there)."""
    files = [path for base in RUNTIME_CODE for path in ([base] if base.is_file() else base.rglob("*.py"))]
    names = set()
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names.add(node.module.split(".")[0])
    names.update(entry.split(".")[0] for entry in [*settings.INSTALLED_APPS, *settings.MIDDLEWARE])
    return names - FIRST_PARTY - set(sys.stdlib_module_names)


def test_everything_the_application_imports_is_in_the_runtime_lock():
    distributions = importlib.metadata.packages_distributions()
    runtime = pinned("requirements.lock")
    missing = {
        module: distributions.get(module)
        for module in imported_modules()
        if not any(canonicalize_name(dist) in runtime for dist in distributions.get(module, []))
    }
    assert missing == {}
    # The PDF collections and the print master use pikepdf at run time.
    assert "pikepdf" in runtime


def test_development_tools_are_not_installed_on_a_server():
    runtime = pinned("requirements.lock")
    assert {"pytest", "pytest-django", "playwright", "ruff", "factory-boy", "pypdf"}.isdisjoint(runtime)
    dev_lock = (ROOT / "requirements-dev.lock").read_text()
    assert re.search(r"^-r requirements\.lock$", dev_lock, re.M)
    assert pinned("requirements-dev.lock").isdisjoint(runtime)  # each pin in one file only


def test_pyproject_and_lock_files_agree():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime = {canonicalize_name(Requirement(r).name) for r in project["dependencies"]}
    dev = {canonicalize_name(Requirement(r).name) for r in project["optional-dependencies"]["dev"]}
    assert runtime <= pinned("requirements.lock")
    assert dev <= pinned("requirements-dev.lock")
