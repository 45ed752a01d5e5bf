"""Background work (django.tasks): PDF rendering after publish and change.

With the immediate backend (development, tests) the task runs when it is
enqueued; in production the database backend queues it for ``make worker``.
"""

from django.tasks import task


@task
def render_pdf_task(interview_id):
    """Render and store the PDF of one interview (see interviews.pdf.store_pdf).

    Returns "rendered", "unchanged", "busy", "failed" or "missing"; the state
    and any error are stored on the interview (pdf_state, pdf_error).
    """
    from interviews import pdf
    from interviews.models import Interview

    interview = Interview.objects.filter(pk=interview_id).first()
    if interview is None:
        return "missing"
    return pdf.store_pdf(interview)


def enqueue_pdf_render(interview_id):
    """Queue a render of the interview's PDF on the configured task backend.

    Cheap when nothing changed (store_pdf compares fingerprints) or when the
    answers are outside the word range (refused before any layout).
    """
    return render_pdf_task.enqueue(interview_id)
