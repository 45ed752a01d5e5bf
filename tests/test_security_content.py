"""Planted XSS and SSRF payloads: nothing survives into the page or the PDF, nothing is fetched.

Payloads go into the rich-text fields (teaser, answers) both through a normal
save (sanitised on save) and straight into the database (sanitised on
output), and SSRF references also into plain-text fields. A local HTTP server
on 127.0.0.1 records every request: the PDF renderer must never call it.
Figures ``xss_*``/``ssrf_*`` are recorded for ``make check-security``.
"""

import http.server
import io
import json
import re
import threading
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from pypdf import PdfReader

from interviews import pdf
from interviews.models import Interview, Question
from tests.factories import InterviewFactory, QuestionFactory, SeriesFactory, ThemeFactory

XSS = [
    '<script>alert("x01")</script>',
    '<img src=x onerror=alert("x02")>',
    '<svg onload=alert("x03")><circle r="x03"/></svg>',
    "<a href=\"javascript:alert('x04')\">klick</a>",
    "<a href=\"JaVaScRiPt:alert('x05')\">klick</a>",
    "<a href=\"jav&#x09;ascript:alert('x06')\">klick</a>",
    "<a href=\"&#106;avascript:alert('x07')\">klick</a>",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==#x08">klick</a>',
    "<a href=\"vbscript:msgbox('x09')\">klick</a>",
    "<p style=\"background:url(javascript:alert('x10'))\">gestylt</p>",
    "<style>body{background:red} .x11{}</style>",
    '<a href="#" onclick="alert(\'x12\')">klick</a>',
    "<p onmouseover=\"alert('x13')\">drüber</p>",
    '<math><mtext><table><mglyph><style><img src=x onerror=alert("x14")></style></mglyph></table></mtext></math>',
    "<noscript><p title=\"</noscript><img src=x onerror=alert('x15')>\"></noscript>",
    "<form action=\"javascript:alert('x16')\"><button formaction=\"javascript:alert('x16')\">x</button></form>",
    '<base href="https://evil.example/x17/">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(\'x18\')">',
    "<!--<img src=x onerror=alert('x19')>-->",
    "<template><script>alert('x20')</script></template>",
    "&lt;/script&gt;&lt;script&gt;alert('x21')&lt;/script&gt;",
    '<a href="https://ok.example/" target="_blank" rel="opener" id="x22">gut</a>',
    "<details open ontoggle=\"alert('x23')\">x</details>",
    "<video><source onerror=\"alert('x24')\"></video>",
    '<a href="file:///etc/passwd#x25">passwort</a>',
]


def ssrf_payloads(server):
    """(marker, html) of references to local files, loopback and cloud metadata."""
    return [
        ("s01", '<img src="file:///etc/passwd?s01">'),
        ("s02", f'<img src="{server}/s02.png">'),
        ("s03", '<img src="http://169.254.169.254/latest/meta-data/s03">'),
        ("s04", '<img src="../../../../../../etc/passwd?s04">'),
        ("s05", f'<link rel="stylesheet" href="{server}/s05.css">'),
        ("s06", f'<p style="background: url({server}/s06.png)">Hintergrund</p>'),
        ("s07", f"<style>@import url({server}/s07.css); @font-face {{src: url(file:///etc/passwd?s07)}}</style>"),
        ("s08", f'<object data="{server}/s08"></object>'),
        ("s09", f'<iframe src="{server}/s09"></iframe>'),
        ("s10", f'<embed src="{server}/s10">'),
        ("s11", '<img src="../print/../../../akk_cms/settings.py?s11">'),
        ("s12", f'<svg><image href="{server}/s12.png"/></svg>'),
        ("s13", f'<a href="{server}/s13">interner Link</a>'),
        ("s14", '<a href="http://169.254.169.254/latest/meta-data/iam/s14">Metadaten</a>'),
        ("s15", '<img src="file:///proc/self/environ?s15">'),
        ("s16", f'<img srcset="{server}/s16.png 2x">'),
    ]


FILLER = (
    "Wir haben zuerst die Wärmeplanung für die ganze Stadt aufgestellt und dann mit den Stadtwerken, "
    "den Wohnungsbaugesellschaften und den Bürgerinnen und Bürgern gesprochen. "
)


class Recorder(http.server.BaseHTTPRequestHandler):
    hits = []

    def do_GET(self):  # noqa: N802
        Recorder.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write(b"root:x:0:0:planted")

    def log_message(self, *args):
        pass


@pytest.fixture
def local_server():
    """An HTTP server on a free port of 127.0.0.1 that records requests."""
    Recorder.hits = []
    # Port 0: the system picks a free port.
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def planted_interview(payloads, raw=False, **fields):
    """A published interview (4-page series) with ``payloads`` spread over teaser and answers."""
    series = SeriesFactory(pages_per_part=4)
    interview = InterviewFactory(series=series, published=True, lead="<p>Teaser.</p>", **fields)
    chunks = [payloads[i::6] for i in range(6)]
    for position, chunk in enumerate(chunks):
        answer = f"<p>{FILLER * 5}</p>" + "".join(chunk) + f"<p>{FILLER * 5}</p>"
        QuestionFactory(interview=interview, theme=ThemeFactory(), position=position, answer=answer)
    lead = "<p>Ein Teaser.</p>" + "".join(payloads[:4])
    if raw:
        # Straight into the database, as if an old import had bypassed save(): output must sanitise.
        Interview.objects.filter(pk=interview.pk).update(lead=lead)
        for question in interview.questions.all():
            Question.objects.filter(pk=question.pk).update(answer=question.answer + "".join(chunks[question.position]))
    else:
        interview.lead = lead
        interview.save()
    interview.refresh_from_db()
    return interview


class PageScan(HTMLParser):
    """Everything of the page that can run code or load something."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.attributes = []  # (tag, name, value)
        self.inline_scripts = []  # (type, text)
        self.tags = []
        self._in = None

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += [(tag, name, value or "") for name, value in attrs]
        if tag in {"script", "style"}:
            self._in = (tag, dict(attrs).get("type", ""), dict(attrs).get("src"))
            self.inline_scripts.append([tag, self._in[1], ""])

    def handle_endtag(self, tag):
        if tag in {"script", "style"}:
            self._in = None

    def handle_data(self, data):
        if self._in:
            self.inline_scripts[-1][2] += data


DANGEROUS_URL = re.compile(r"^\s*(javascript|vbscript|data|file):", re.IGNORECASE)


def page_findings(content, markers):
    scan = PageScan()
    scan.feed(content)
    found = []
    for tag, name, value in scan.attributes:
        if name.startswith("on"):
            found.append(f"event handler {name} on <{tag}>")
        if name == "style":
            found.append(f"style attribute on <{tag}>")
        if DANGEROUS_URL.match(value) and name in {"href", "src", "action", "formaction", "data", "content"}:
            found.append(f"{name}={value[:40]} on <{tag}>")
        found += [f"marker {m} in {name} of <{tag}>" for m in markers if m in value and name != "id"]
    for tag, kind, text in scan.inline_scripts:
        if tag == "style" and text.strip():
            found.append("inline <style>")
        if tag == "script" and text.strip():
            if kind not in {"application/ld+json", "application/json"}:
                found.append("inline <script>")
            else:
                json.loads(text)  # breaking out of JSON-LD would leave invalid JSON behind
        found += [f"marker {m} in <{tag}>" for m in markers if m in text]
    found += [f"<{tag}> element" for tag in set(scan.tags) & {"iframe", "object", "embed", "base", "form", "math"}]
    return found


def pdf_findings(data, markers):
    reader = PdfReader(io.BytesIO(data))
    found = []
    text = " ".join(page.extract_text() for page in reader.pages)
    if "root:x:0:0" in text or "root:x:0:0" in data.decode("latin-1"):
        found.append("file or server content in the PDF")
    raw = data.decode("latin-1")
    for key in ("/JavaScript", "/JS ", "/Launch", "/EmbeddedFile", "/SubmitForm"):
        if key in raw:
            found.append(f"PDF action {key}")
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            uri = str(action.get("/URI", ""))
            if uri and not uri.startswith(("https://", "http://", "mailto:")):
                found.append(f"link {uri[:50]}")
            found += [f"marker {m} in link {uri[:50]}" for m in markers if m in uri]
    found += [f"marker {m} in the text" for m in markers if m.startswith("s") and m in text]
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("raw", [False, True], ids=["saved", "raw-in-db"])
def test_xss_payloads_do_not_survive_into_the_page(client, raw, record_property):
    interview = planted_interview(XSS, raw=raw)
    markers = [f"x{n:02d}" for n in range(1, len(XSS) + 1) if n != 22]

    content = client.get(reverse("interviews:detail", kwargs={"slug": interview.slug})).content.decode()

    assert "Wir haben zuerst die Wärmeplanung" in content
    found = page_findings(content, markers)
    surviving = {m for m in markers if any(m in finding for finding in found)}
    record_property("xss_payloads_html", len(XSS))
    record_property("xss_surviving_html", len(surviving) + (1 if found and not surviving else 0))
    assert found == []
    # Allowed markup stays: a plain https link, with a safe rel.
    assert 'href="https://ok.example/"' in content and 'rel="opener"' not in content


@pytest.mark.django_db
@pytest.mark.slow
def test_xss_and_ssrf_payloads_neither_run_nor_load_in_the_pdf(local_server, record_property):
    ssrf = ssrf_payloads(local_server)
    markers = [f"x{n:02d}" for n in range(1, len(XSS) + 1) if n != 22] + [m for m, _html in ssrf]
    interview = planted_interview(
        XSS + [html for _marker, html in ssrf],
        raw=True,
        title=f'Titel <img src="{local_server}/title.png">',
        interviewee_role=f'<link rel=stylesheet href="{local_server}/role.css">',
    )

    data = pdf.render_pdf(interview)

    assert data.startswith(b"%PDF")
    found = pdf_findings(data, markers)
    fetched = list(Recorder.hits)
    surviving = {m for m in markers if any(m in f for f in found + fetched)}
    record_property("ssrf_payloads", len(ssrf) + 2)
    record_property("ssrf_fetched", len(fetched))
    record_property("xss_payloads_pdf", len(XSS))
    record_property("payloads_surviving_pdf", len(surviving) + (1 if (found or fetched) and not surviving else 0))
    assert fetched == []
    assert found == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "reference", ["file:///etc/passwd", "http://127.0.0.1:18319/x", "http://169.254.169.254/", "../../etc/passwd"]
)
def test_pdf_url_fetcher_refuses_everything_outside_its_allow_list(reference):
    fetcher = pdf.document.PrintURLFetcher()
    target = reference if ":" in reference else (pdf.document.PRINT_DIR / reference).as_uri()
    with pytest.raises(ValueError, match="refused"):
        fetcher.fetch(target)
    assert fetcher.refused == [target]
