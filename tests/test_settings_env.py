"""Every environment variable the project reads is read in akk_cms/settings.py and listed in its docstring."""

import ast
import re
from pathlib import Path

import akk_cms.settings

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["akk_cms", "core", "interviews", "municipalities", "pages"]
SETTINGS = ROOT / "akk_cms" / "settings.py"


def environment_reads(path):
    """Names of environment variables ``path`` reads: os.environ.get/[...], os.getenv, env_bool/env_list(...)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        key = None
        if isinstance(node, ast.Call):
            func = node.func
            text = ast.unparse(func)
            if text in {"os.environ.get", "os.getenv", "environ.get", "getenv"} or text.startswith("env_"):
                key = node.args[0] if node.args else None
        elif isinstance(node, ast.Subscript) and ast.unparse(node.value) in {"os.environ", "environ"}:
            key = node.slice
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            names.add(key.value)
    return names


def documented():
    section = akk_cms.settings.__doc__.split("Environment variables", 1)[1]
    return set(re.findall(r"^    ([A-Z][A-Z0-9_]+)\b", section, flags=re.MULTILINE))


def test_only_settings_reads_the_environment():
    readers = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts or path == SETTINGS:
                continue
            if names := environment_reads(path):
                readers[str(path.relative_to(ROOT))] = sorted(names)

    assert readers == {}


def test_the_settings_docstring_lists_exactly_what_settings_reads():
    read = environment_reads(SETTINGS)

    assert "BACKUP_ROOT" in read and "PG_BIN" in read  # once read outside settings
    assert sorted(read - documented()) == [], "read but not documented"
    assert sorted(documented() - read) == [], "documented but not read"
