"""Starting text for the three legal pages, clearly marked as a template to be completed.

Editors replace the bracketed placeholders in the admin ("Rechtliche Seiten").
Existing pages are never overwritten.
"""

from django.db import migrations

PLACEHOLDER = "<p><strong>[Vorlage – vor der Veröffentlichung der Website vervollständigen]</strong></p>"

PAGES = [
    {
        "slug": "impressum",
        "title": "Impressum",
        "description": "Anbieterkennzeichnung und redaktionelle Verantwortung für „Mal nachgefragt!“",
        "body": PLACEHOLDER
        + "<h2>Anbieter nach § 5 Digitale-Dienste-Gesetz (DDG)</h2>"
        "<p>[Name der herausgebenden Organisation]<br>[Straße und Hausnummer]<br>[PLZ Ort]</p>"
        "<p>Vertreten durch: [vertretungsberechtigte Person]<br>Registergericht und -nummer: [falls vorhanden]</p>"
        "<h2>Kontakt</h2>"
        "<p>E-Mail: <a href=\"mailto:redaktion@example.org\">redaktion@example.org</a> [Platzhalter]<br>"
        "Telefon: [Telefonnummer]</p>"
        "<h2>Verantwortlich für den Inhalt nach § 18 Abs. 2 MStV</h2>"
        "<p>[Vorname Name, Anschrift wie oben]</p>"
        "<h2>Über die Interviewreihe</h2>"
        "<p>„Mal nachgefragt!“ ist eine Interviewreihe des Arbeitskreises Kommunaler Klimaschutz (AKK). "
        "Die Förderhinweise stehen bei jeder Reihe und in jedem PDF.</p>"
        "<h2>Bildnachweise</h2>"
        "<p>Die Bildnachweise stehen bei jedem Bild.</p>",
    },
    {
        "slug": "datenschutz",
        "title": "Datenschutzerklärung",
        "description": "Wie diese Website mit personenbezogenen Daten umgeht: keine Cookies, kein Tracking.",
        "body": PLACEHOLDER
        + "<h2>Verantwortliche Stelle</h2>"
        "<p>[Name und Anschrift der verantwortlichen Stelle, siehe Impressum]<br>"
        "Datenschutzbeauftragte Person: [Kontakt]</p>"
        "<h2>Keine Cookies, kein Tracking</h2>"
        "<p>Beim Lesen dieser Website werden keine Cookies gesetzt und keine Analyse- oder Trackingdienste "
        "verwendet. Schriften, Grafiken und Skripte werden ausschließlich von diesem Server geladen; es werden "
        "keine Inhalte von Dritten eingebunden.</p>"
        "<h2>Server-Protokolle</h2>"
        "<p>Beim Aufruf einer Seite verarbeitet der Server technisch notwendige Daten (IP-Adresse, Zeitpunkt, "
        "aufgerufene Adresse, Browserkennung), um die Website auszuliefern und ihre Sicherheit zu gewährleisten "
        "(Art. 6 Abs. 1 lit. e bzw. f DSGVO). Die Protokolle werden nach [Anzahl] Tagen gelöscht.</p>"
        "<h2>Redaktionszugang</h2>"
        "<p>Nur für angemeldete Redakteurinnen und Redakteure setzt die Website ein technisch notwendiges "
        "Sitzungs-Cookie.</p>"
        "<h2>Ihre Rechte</h2>"
        "<p>Sie haben das Recht auf Auskunft, Berichtigung, Löschung, Einschränkung der Verarbeitung und "
        "Widerspruch sowie das Recht auf Beschwerde bei einer Datenschutzaufsichtsbehörde.</p>",
    },
    {
        "slug": "barrierefreiheit",
        "title": "Erklärung zur Barrierefreiheit",
        "description": "Stand der Barrierefreiheit dieser Website nach BITV 2.0 und Kontakt für Rückmeldungen.",
        "body": PLACEHOLDER
        + "<p>Die herausgebende Stelle ist bemüht, diese Website im Einklang mit der "
        "Barrierefreie-Informationstechnik-Verordnung (BITV 2.0) barrierefrei zugänglich zu machen.</p>"
        "<h2>Stand der Vereinbarkeit mit den Anforderungen</h2>"
        "<p>Diese Website ist mit den Anforderungen der BITV 2.0 (EN 301 549, WCAG 2.1 Stufe AA) "
        "[weitgehend/vollständig] vereinbar. Die Bewertung beruht auf einer Selbstbewertung mit "
        "automatisierten Prüfungen (axe-core) und manuellen Tests mit Tastatur und Vergrößerung "
        "vom [Datum].</p>"
        "<h2>Nicht barrierefreie Inhalte</h2>"
        "<ul><li>[Bekannte Einschränkungen, z. B. ältere PDF-Dokumente, hier aufführen.]</li></ul>"
        "<h2>Barrieren melden: Kontakt zu den Feedback-Ansprechpartnern</h2>"
        "<p>Sind Ihnen Mängel beim barrierefreien Zugang aufgefallen? Schreiben Sie uns: "
        "<a href=\"mailto:barrierefreiheit@example.org\">barrierefreiheit@example.org</a> [Platzhalter]. "
        "Wir antworten in der Regel innerhalb von zwei Wochen.</p>"
        "<h2>Schlichtungsverfahren</h2>"
        "<p>Wenn auch nach Ihrer Rückmeldung keine zufriedenstellende Lösung gefunden wurde, können Sie sich an "
        "die zuständige Schlichtungsstelle wenden: [Schlichtungsstelle nach § 16 BGG oder die des Landes].</p>",
    },
]


def create_pages(apps, schema_editor):
    Page = apps.get_model("pages", "Page")
    for data in PAGES:
        Page.objects.get_or_create(slug=data["slug"], defaults=data)


class Migration(migrations.Migration):
    dependencies = [("pages", "0001_initial")]

    operations = [migrations.RunPython(create_pages, migrations.RunPython.noop)]
