"""``make check-security``: run the security tests and print their figures.

    python -m tests.security_report [extra pytest arguments]

Runs the security test modules (plus every test module that records the
concurrent-PDF figures ``pdf_requests``/``pdf_renders``) with a JUnit report,
reads the figures the tests record with ``record_property`` and prints them.
Exits non-zero when a test fails or a figure is not what it must be.
"""

import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "var" / "security-report.xml"
MODULES = [
    "tests/test_security_headers.py",
    "tests/test_security_login.py",
    "tests/test_uploads.py",
    "tests/test_security_content.py",
    "tests/test_permissions_matrix.py",
    "tests/test_backup.py",
    "tests/test_approval.py",
    "tests/test_wordimport.py",
    "tests/test_hostile_text.py",
    "tests/test_image_previews.py",
    "tests/test_citation_readers.py",
    "tests/browser/test_security_csp.py",
]


# The burst test of the PDF work (tests/test_pdf_store.py): downloads never render; it may record
# the figures ``pdf_requests``/``pdf_renders`` (renders caused by requests) with record_property.
CONCURRENCY_TEST = "def test_a_burst_of_downloads_renders_nothing_and_everyone_gets_the_same_file"


def concurrency_modules():
    """Test modules that record the concurrent-PDF figures (written by the PDF work)."""
    return sorted(
        str(path.relative_to(ROOT))
        for path in (ROOT / "tests").glob("test_*.py")
        if str(path.relative_to(ROOT)) not in MODULES and CONCURRENCY_TEST in path.read_text(encoding="utf-8")
    )


def run_pytest(modules, extra):
    REPORT.parent.mkdir(exist_ok=True)
    command = [
        sys.executable,
        "-m",
        "pytest",
        *modules,
        "-q",
        "-p",
        "no:cacheprovider",
        "-o",
        "junit_family=xunit1",
        f"--junitxml={REPORT}",
        *extra,
    ]
    return subprocess.run(command, cwd=ROOT, check=False).returncode


def read_results():
    """(figures summed over all tests, matrix cells, matrix mismatches, passed, failed, skipped)."""
    figures = defaultdict(int)
    cells = mismatches = passed = failed = skipped = 0
    for case in ET.parse(REPORT).getroot().iter("testcase"):
        properties = {}
        for prop in case.iter("property"):
            value = int(prop.get("value"))
            figures[prop.get("name")] += value
            properties[prop.get("name")] = value
        broken = case.find("failure") is not None or case.find("error") is not None
        if case.find("skipped") is not None:
            skipped += 1
        elif broken:
            failed += 1
        else:
            passed += 1
        if "matrix_cell" in properties:
            cells += 1
            mismatches += broken
        if CONCURRENCY_TEST.removeprefix("def ") == case.get("name"):
            figures["pdf_concurrency_test_passed"] = int(not broken and case.find("skipped") is None)
    return figures, cells, mismatches, passed, failed, skipped


def main(extra):
    modules = MODULES + concurrency_modules()
    code = run_pytest(modules, extra)
    if not REPORT.exists():
        print("No test report was written.")
        return code or 1
    f, cells, mismatches, passed, failed, skipped = read_results()
    rows = [
        (
            "Deploy check (DEBUG=false, check --deploy --fail-level WARNING)",
            f"{f['deploy_issues']} issues",
            f["deploy_issues"] == 0,
        ),
        (
            "Deploy check: local SITE_URL (loopback, private, *.local) refused in production",
            f"{f['site_url_tried']} tried, {f['site_url_refused']} refused (akk.E001)",
            f["site_url_tried"] >= 9 and f["site_url_refused"] == f["site_url_tried"],
        ),
        (
            "Security headers (CSP, nosniff, Referrer, COOP, Permissions, XFO)",
            f"{f['header_endpoints']} endpoints x 6 = {f['headers_checked']} checked, {f['headers_missing']} missing",
            f["headers_checked"] > 0 and f["headers_missing"] == 0,
        ),
        (
            "CSP in headless Chromium (admin editor, public pages)",
            f"{f['csp_pages']} pages, {f['csp_violations']} violations",
            f["csp_violations"] == 0,
        ),
        (
            "Permission matrix (4 roles x routes/admin actions x 4 states)",
            f"{cells} cells, {mismatches} mismatches",
            cells > 0 and mismatches == 0,
        ),
        (
            "Malicious uploads",
            f"{f['uploads_tried']} tried, {f['uploads_rejected']} rejected, "
            f"{f['uploads_neutralised']} neutralised (traversal name replaced)",
            f["uploads_rejected"] >= 12 and f["uploads_rejected"] + f["uploads_neutralised"] == f["uploads_tried"],
        ),
        (
            "XSS payloads in the HTML page (saved + raw in DB)",
            f"{f['xss_payloads_html']} tried, {f['xss_surviving_html']} surviving",
            f["xss_payloads_html"] > 0 and f["xss_surviving_html"] == 0,
        ),
        (
            "XSS + SSRF payloads in the PDF",
            f"{f['xss_payloads_pdf']} XSS + {f['ssrf_payloads']} SSRF tried, "
            f"{f['payloads_surviving_pdf']} surviving, {f['ssrf_fetched']} fetched",
            f["ssrf_payloads"] > 0 and f["payloads_surviving_pdf"] == 0 and f["ssrf_fetched"] == 0,
        ),
        (
            "Approval links (no login): forged, foreign, expired, revoked",
            f"{f['approval_links_tried']} tried, {f['approval_links_refused']} refused (404/410), nothing changed",
            f["approval_links_tried"] > 0 and f["approval_links_refused"] == f["approval_links_tried"],
        ),
        (
            "Word import: hostile files (not docx, encrypted, macros, zip bomb, external links, > 10 MB)",
            f"{f['docx_tried']} tried, {f['docx_refused']} refused",
            f["docx_tried"] >= 7 and f["docx_refused"] == f["docx_tried"],
        ),
        (
            "Word import: files built to be slow (many styles, paragraphs, questions)",
            f"{f['docx_slow_tried']} tried, {f['docx_slow_refused']} refused in German, nothing changed",
            f["docx_slow_tried"] >= 6 and f["docx_slow_refused"] == f["docx_slow_tried"],
        ),
        (
            "Word import: DTD in every XML part (7 parts x UTF-8/UTF-16LE/UTF-16BE)",
            f"{f['docx_dtd_tried']} tried, {f['docx_dtd_refused']} refused, nothing changed",
            f["docx_dtd_tried"] >= 21 and f["docx_dtd_refused"] == f["docx_dtd_tried"],
        ),
        (
            "Hostile text (line breaks, VT, ESC, NUL, C1, bidi, zero-width) in every text field: ORM, fixtures, admin",
            f"{f['hostile_text_tried']} writes tried, {f['hostile_text_stored_dirty']} stored unclean",
            f["hostile_text_tried"] > 500 and f["hostile_text_stored_dirty"] == 0,
        ),
        (
            "Stored hostile text in feed, sitemap, citations, open data, pages",
            f"{f['hostile_outputs_tried']} requests, {f['hostile_outputs_failed']} not answered with 200",
            f["hostile_outputs_tried"] > 0 and f["hostile_outputs_failed"] == 0,
        ),
        (
            "Image previews: forged, emptied, foreign grants for pending portraits",
            f"{f['preview_grants_tried']} tried, {f['preview_grants_refused']} refused (404); "
            f"{f['preview_images_served']} pending renditions shown to the interviewee, private, no-store",
            f["preview_grants_tried"] > 0
            and f["preview_grants_refused"] == f["preview_grants_tried"]
            and f["preview_images_served"] > 0,
        ),
        (
            "Upload file names as markup in the admin",
            f"{f['file_name_markup_tried']} tried, {f['file_name_markup_shown']} shown as markup",
            f["file_name_markup_tried"] > 0 and f["file_name_markup_shown"] == 0,
        ),
        (
            "Mail layer raising (ValueError) after a recorded decision",
            f"{f['mail_failures_tried']} tried, {f['mail_failures_500']} error pages, decision kept",
            f["mail_failures_tried"] > 0 and f["mail_failures_500"] == 0,
        ),
        (
            "Word import: signed preview confirmed on another interview",
            f"{f['docx_preview_tried']} tried, {f['docx_preview_refused']} refused, nothing changed",
            f["docx_preview_tried"] > 0 and f["docx_preview_refused"] == f["docx_preview_tried"],
        ),
        (
            "Citation files with hostile stored texts (line breaks, lone braces, controls), read by "
            "pybtex, bibtexparser, rispy, citeproc-py",
            f"{f['citation_texts_tried']} texts tried, each in 6 files (interview + series x 3 formats); "
            f"{f['citation_texts_read']} read intact by every program",
            f["citation_texts_tried"] >= 6 and f["citation_texts_read"] == f["citation_texts_tried"],
        ),
    ]
    if "pdf_requests" in f:
        rows.append(
            (
                "Concurrent PDF downloads (before and after the PDF exists)",
                f"{f['pdf_requests']} requests, {f['pdf_renders']} renders caused by them",
                f["pdf_renders"] == 0,
            )
        )
    elif f["pdf_concurrency_test_passed"]:
        rows.append(
            (
                "Concurrent PDF downloads (before and after the PDF exists)",
                "no render by a request asserted by tests/test_pdf_store.py (request count not recorded)",
                True,
            )
        )
    else:
        rows.append(("Concurrent PDF requests", "not measured: the single-flight test did not run or failed", False))
    width = max(len(label) for label, _value, _ok in rows)
    print()
    print("akk-cms security report")
    print("=" * (width + 40))
    for label, value, ok in rows:
        print(f"{'ok  ' if ok else 'FAIL'} {label:<{width}}  {value}")
    print("=" * (width + 40))
    print(f"Tests: {passed} passed, {failed} failed, {skipped} skipped (report: {REPORT.relative_to(ROOT)})")
    all_ok = code == 0 and all(ok for _label, _value, ok in rows)
    return 0 if all_ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
