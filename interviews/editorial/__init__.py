"""The editorial side: what editors do in the admin.

Owns the admin (``admin``, ``admin_list``, ``admin_workflow``, ``print_master_admin``), the
workflow (``publishing``, ``pending``, ``approval`` + ``approval_views``, ``notifications``),
the comparison of versions (``compare``), Word import and paste
(``wordimport``, ``office_html``), and the page budget shown to editors (``budget``).

May import: ``core``, ``municipalities.models``, ``interviews.models``, ``interviews.selectors``,
``interviews.pdf`` and ``interviews.reader`` (for previews). Nothing outside imports this
package except ``interviews.apps`` (admin registration), ``interviews.urls`` (the
interviewee's approval page) and the admin template tags.
"""
