"""Background work (django.tasks): PDF rendering after publish and change."""

from django.tasks import task


@task
def render_pdf_task(interview_id):
    """Render and store the PDF of one interview (see interviews.pdf.store_pdf)."""
    from interviews import pdf
    from interviews.models import Interview

    interview = Interview.objects.filter(pk=interview_id).first()
    if interview is None:
        return "missing"
    return pdf.store_pdf(interview)


def enqueue_pdf_render(interview_id):
    """Queue a render of the interview's PDF on the configured task backend."""
    return render_pdf_task.enqueue(interview_id)
