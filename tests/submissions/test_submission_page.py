"""The page of one request for the office: values, files, log, notes, steps, forwarding."""

import io

import pytest
import transaction
from plone import api
from plone.namedfile.file import NamedBlobFile

from digitalgemeinde.submissions.counts import state_counts
from tests.helpers import browser_for
from tests.submissions.helpers import XSS_IMG
from tests.submissions.helpers import XSS_SCRIPT
from tests.submissions.helpers import denied
from tests.submissions.helpers import inbox_url
from tests.submissions.helpers import make_submission
from tests.submissions.helpers import rows

PDF = b"%PDF-1.4\n% a vaccination certificate\n%%EOF\n"
HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"


@pytest.fixture
def submission(form, functional):
    document = NamedBlobFile(
        data=PDF, filename="Impfausweis Bello.pdf", contentType="application/pdf"
    )
    submission = make_submission(form, functional["request"], document=document)
    transaction.commit()
    return submission


def clerk_page(app, submission, user="liestal-clerk"):
    browser = browser_for(app, user)
    browser.open(submission.absolute_url())
    assert browser.headers["status"].startswith("200"), browser.headers["status"]
    return browser


def state(submission) -> str:
    transaction.begin()
    return api.content.get_state(submission)


def step(browser, transition: str, comment: str = ""):
    form = browser.getForm(id=f"transition-{transition}")
    form.getControl(name="comment").value = comment
    form.submit()
    if f'id="confirm-{transition}"' in browser.contents:  # a destructive step: confirm it
        browser.getForm(id=f"confirm-{transition}").submit()


def log_actions(submission) -> list[str]:
    transaction.begin()
    return [entry["action"] for entry in submission.log]


# What the office sees


def test_clerk_sees_the_request_with_labels_and_values(app, submission):
    browser = clerk_page(app, submission)
    page = browser.contents
    assert f"Request {submission.reference}" in page
    assert '<th class="w-25" scope="row">Name des Hundes</th>' in page
    assert "<span>Bello</span>" in page
    assert "<span>Anna Muster</span>" in page
    assert "anna@example.ch" in page
    assert 'id="submission-state">New</span>' in page
    assert "Hund anmelden" in page
    assert "Einwohnerdienste (Liestal)" in page
    assert "The citizen" in page  # the log: who submitted


@pytest.mark.parametrize(
    "state_id,german,french",
    [
        ("submitted", "Neu", "Nouvelle"),
        ("in_progress", "In Bearbeitung", "En traitement"),
        ("waiting", "Wartet auf Antwort", "En attente de réponse"),
        ("completed", "Erledigt", "Traitée"),
        ("rejected", "Abgelehnt", "Refusée"),
    ],
)
def test_states_have_german_and_french_labels(state_id, german, french):
    from zope.i18n import translate

    from digitalgemeinde.submissions.workflow import STATE_LABELS

    message = STATE_LABELS[state_id]
    if translate(message, target_language="de") == message.default:
        pytest.skip("the translations of /tmp/i18n/inbox.json are not in the catalogs yet")
    assert translate(message, target_language="de") == german
    assert translate(message, target_language="fr") == french


def test_file_is_a_download(app, submission):
    browser = clerk_page(app, submission)
    browser.getLink("Impfausweis Bello.pdf").click()
    assert browser.headers["Content-Type"] == "application/pdf"
    disposition = browser.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''Impfausweis%20Bello.pdf" in disposition
    assert browser.headers["X-Content-Type-Options"] == "nosniff"
    body = browser.contents
    assert (body if isinstance(body, bytes) else body.encode()) == PDF


def test_html_file_is_never_served_as_html(app, form, functional):
    document = NamedBlobFile(data=HTML, filename='"evil".html', contentType="text/html")
    submission = make_submission(form, functional["request"], document=document)
    transaction.commit()
    browser = clerk_page(app, submission)
    browser.open(f"{submission.absolute_url()}/@@file/document")
    assert browser.headers["Content-Type"] == "application/octet-stream"
    disposition = browser.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert '"evil"' not in disposition
    assert browser.headers["Content-Security-Policy"] == "sandbox"


def test_unknown_file_is_not_found(app, submission):
    browser = browser_for(app, "liestal-clerk")
    browser.open(f"{submission.absolute_url()}/@@file/name")  # a text, not a file
    assert browser.headers["status"].startswith("404")
    browser.open(f"{submission.absolute_url()}/@@file/nothing")
    assert browser.headers["status"].startswith("404")


@pytest.mark.parametrize(
    "user", ["liestal-bau-clerk", "liestal-editor", "allschwil-editor", "allschwil-clerk", None]
)
@pytest.mark.parametrize("view", ["", "/@@view", "/@@file/document", "/@@result"])
def test_others_are_refused_the_request(app, bau, allschwil_clerk, submission, user, view):
    browser = browser_for(app, user)
    browser.open(f"{submission.absolute_url()}{view}")
    assert denied(browser)
    assert "Anna Muster" not in str(browser.contents)
    assert "vaccination" not in str(browser.contents)


def test_tenant_admin_sees_the_request(app, submission):
    browser = clerk_page(app, submission, "liestal-admin")
    assert "Name des Hundes" in browser.contents


# Steps of the workflow


def test_accept_is_logged_with_who_and_comment(app, submission):
    browser = clerk_page(app, submission)
    step(browser, "accept", "Wir kümmern uns darum.")
    assert state(submission) == "in_progress"
    assert f"Request {submission.reference} is in progress." in browser.contents
    entry = submission.log[-1]
    assert entry["action"] == "accept"
    assert entry["actor"] == "liestal-clerk"
    assert entry["state"] == "in_progress"
    assert entry["comment"] == "Wir kümmern uns darum."
    assert "Liestal Clerk" in browser.contents  # the log names the clerk
    assert "Wir kümmern uns darum." in browser.contents
    assert state_counts(submission.__parent__)["in_progress"] == 1


def test_only_the_possible_steps_are_offered(app, submission):
    browser = clerk_page(app, submission)
    for name in ("accept", "ask", "reject"):
        assert browser.getForm(id=f"transition-{name}")
    for name in ("complete", "resume", "reopen"):
        assert f'id="transition-{name}"' not in browser.contents


@pytest.mark.parametrize(
    "transition,message",
    [
        ("ask", "Asking the citizen needs a message to them."),
        ("reject", "Rejecting needs a reason."),
    ],
)
def test_ask_and_reject_need_a_comment(app, submission, transition, message):
    browser = clerk_page(app, submission)
    step(browser, transition, "   ")
    assert message in browser.contents
    assert 'role="alert"' in browser.contents
    assert state(submission) == "submitted"
    assert log_actions(submission) == ["submitted"]
    assert state_counts(submission.__parent__)["submitted"] == 1


def test_refusal_of_the_workflow_is_shown_and_changes_nothing(app, submission, monkeypatch):
    """Should the page let a step without comment through, the workflow still refuses it."""
    monkeypatch.setattr("digitalgemeinde.submissions.processing.NEEDS_COMMENT", {})
    browser = clerk_page(app, submission)
    step(browser, "reject", "")
    assert "Rejecting needs a reason." in browser.contents
    assert state(submission) == "submitted"
    assert log_actions(submission) == ["submitted"]


def test_ask_resume_reject_reopen(app, submission):
    browser = clerk_page(app, submission)
    step(browser, "ask", "Bitte Impfausweis nachreichen.")
    assert state(submission) == "waiting"
    step(browser, "resume")
    assert state(submission) == "in_progress"
    step(browser, "reject", "Kein Hund.")
    assert state(submission) == "rejected"
    assert submission.closed is not None
    step(browser, "reopen")
    assert state(submission) == "in_progress"
    assert submission.closed is None
    assert log_actions(submission) == ["submitted", "ask", "resume", "reject", "reopen"]


def test_step_that_is_not_possible_changes_nothing(app, submission):
    browser = clerk_page(app, submission)
    form = browser.getForm(id="transition-accept")
    form.getControl(name="transition").value = "complete"
    form.submit()
    assert "This step is not possible in the current state" in browser.contents
    assert state(submission) == "submitted"


def test_complete_with_a_result_document(app, submission):
    browser = clerk_page(app, submission)
    step(browser, "accept")
    form = browser.getForm(id="transition-complete")
    form.getControl(name="comment").value = "Bewilligt."
    form.getControl(name="result").add_file(io.BytesIO(PDF), "application/pdf", "Bewilligung.pdf")
    form.submit()
    assert state(submission) == "completed"
    assert submission.result.filename == "Bewilligung.pdf"
    assert submission.closed is not None
    browser.getLink("Bewilligung.pdf").click()
    assert browser.headers["Content-Type"] == "application/pdf"
    assert browser.headers["Content-Disposition"].startswith("attachment;")


def test_complete_without_a_result_document(app, submission):
    browser = clerk_page(app, submission)
    step(browser, "accept")
    step(browser, "complete")
    assert state(submission) == "completed"
    assert getattr(submission, "result", None) is None


def test_too_large_result_document_changes_nothing(app, submission, monkeypatch):
    monkeypatch.setattr("digitalgemeinde.submissions.processing.RESULT_LIMIT", 100)
    browser = clerk_page(app, submission)
    step(browser, "accept")
    form = browser.getForm(id="transition-complete")
    form.getControl(name="result").add_file(io.BytesIO(b"x" * 101), "application/pdf", "gross.pdf")
    form.submit()
    assert "larger than 10 MB" in browser.contents
    assert state(submission) == "in_progress"
    assert getattr(submission, "result", None) is None


def test_post_without_csrf_token_changes_nothing(app, submission, bau):
    browser = browser_for(app, "liestal-clerk")
    url = f"{submission.absolute_url()}/@@view"
    for body in (
        "action=transition&transition=accept&comment=x",
        "action=note&note=Heimlich",
        f"action=forward&office={bau.UID()}&reason=weg",
    ):
        browser.post(url, body)
        assert browser.headers["status"].startswith("403")
    assert state(submission) == "submitted"
    assert list(submission.notes) == []
    assert submission.__parent__.getId() == "einwohnerdienste"
    assert log_actions(submission) == ["submitted"]


def test_get_changes_nothing(app, submission):
    browser = browser_for(app, "liestal-clerk")
    browser.open(f"{submission.absolute_url()}/@@view?action=transition&transition=accept")
    browser.open(f"{submission.absolute_url()}/@@view?action=note&note=Heimlich")
    assert state(submission) == "submitted"
    assert list(submission.notes) == []


def test_editor_cannot_post_steps(app, submission):
    clerk = clerk_page(app, submission)
    token = clerk.getForm(id="transition-accept").getControl(name="_authenticator").value
    browser = browser_for(app, "liestal-editor")
    browser.post(
        f"{submission.absolute_url()}/@@view",
        f"action=transition&transition=accept&_authenticator={token}",
    )
    assert denied(browser)
    assert state(submission) == "submitted"


# Internal notes


def test_clerk_adds_a_note(app, submission):
    browser = clerk_page(app, submission)
    browser.getControl(name="note").value = "Rückruf am Montag.\nZweite Zeile."
    browser.getForm(id="add-note").submit()
    assert "The note was added." in browser.contents
    assert "Rückruf am Montag.<br />Zweite Zeile." in browser.contents
    transaction.begin()
    (note,) = submission.notes
    assert note["actor"] == "liestal-clerk"
    assert note["text"] == "Rückruf am Montag.\nZweite Zeile."
    assert note["time"] is not None


def test_empty_note_is_refused(app, submission):
    browser = clerk_page(app, submission)
    browser.getControl(name="note").value = "  "
    browser.getForm(id="add-note").submit()
    assert "Write the note first." in browser.contents
    transaction.begin()
    assert list(submission.notes) == []


# Forwarding


def forward(browser, office, reason="Zuständig ist die Bauverwaltung."):
    form = browser.getForm(id="forward")
    form.getControl(name="office").value = [office.UID()]
    form.getControl(name="reason").value = reason
    form.submit()


def test_forward_offers_the_offices_by_tenant(app, world, bau, submission):
    browser = clerk_page(app, submission)
    select = browser.getControl(name="office")
    assert bau.UID() in select.options
    assert world["bl-office"].UID() in select.options
    assert world["allschwil-office"].UID() in select.options
    assert world["liestal-office"].UID() not in select.options  # where it is now
    page = browser.contents
    assert page.index('label="Liestal"') < page.index('label="Basel-Landschaft"')
    assert page.index('label="Basel-Landschaft"') < page.index('label="Allschwil"')


def test_forward_moves_the_request_and_logs_it(app, world, bau, submission):
    reference = submission.reference
    browser = clerk_page(app, submission)
    forward(browser, bau)
    assert browser.url.startswith(inbox_url(world["liestal-office"]))
    assert f"Request {reference} was forwarded to Bauverwaltung (Liestal)." in browser.contents
    assert rows(browser) == []
    transaction.begin()
    assert reference not in world["liestal-office"]
    moved = bau[reference]
    entry = moved.log[-1]
    assert entry["action"] == "forward"
    assert entry["actor"] == "liestal-clerk"
    assert entry["comment"] == "Zuständig ist die Bauverwaltung."
    assert entry["from_office"] == "Einwohnerdienste (Liestal)"
    assert entry["to_office"] == "Bauverwaltung (Liestal)"
    assert entry["time"] is not None
    assert state_counts(world["liestal-office"])["submitted"] == 0
    assert state_counts(bau)["submitted"] == 1
    # the old clerk no longer sees it, the new office's staff do
    old = browser_for(app, "liestal-clerk")
    old.open(moved.absolute_url())
    assert denied(old)
    new = clerk_page(app, moved, "liestal-bau-clerk")
    assert "from Einwohnerdienste (Liestal) to Bauverwaltung (Liestal)" in new.contents
    assert "Zuständig ist die Bauverwaltung." in new.contents
    new.open(inbox_url(bau))
    assert rows(new) == [reference]


def test_forward_to_another_tenant(app, world, allschwil_clerk, submission):
    reference = submission.reference
    browser = clerk_page(app, submission)
    forward(browser, world["allschwil-office"], "Wohnt in Allschwil.")
    transaction.begin()
    moved = world["allschwil-office"][reference]
    assert moved.log[-1]["to_office"] == "Einwohnerdienste (Allschwil)"
    clerk_page(app, moved, "allschwil-clerk")
    for user in ("liestal-clerk", "liestal-admin"):
        refused = browser_for(app, user)
        refused.open(moved.absolute_url())
        assert denied(refused)


def test_forward_needs_a_reason(app, bau, submission):
    browser = clerk_page(app, submission)
    forward(browser, bau, reason=" ")
    assert "Forwarding needs a reason." in browser.contents
    transaction.begin()
    assert submission.__parent__.getId() == "einwohnerdienste"
    assert log_actions(submission) == ["submitted"]


def test_forward_to_an_unknown_place_changes_nothing(app, world, submission):
    browser = clerk_page(app, submission)
    form = browser.getForm(id="forward")
    token = form.getControl(name="_authenticator").value
    browser.post(
        f"{submission.absolute_url()}/@@view",
        f"action=forward&office={world['liestal'].UID()}&reason=weg&_authenticator={token}",
    )
    assert "Choose the office to forward the request to." in browser.contents
    transaction.begin()
    assert submission.__parent__.getId() == "einwohnerdienste"


# Markup typed by citizens stays text


def test_markup_in_values_and_notes_is_shown_as_text(app, form, functional):
    submission = make_submission(form, functional["request"], name=XSS_SCRIPT, dog=XSS_IMG)
    transaction.commit()
    browser = clerk_page(app, submission)
    browser.getControl(name="note").value = f"{XSS_SCRIPT} {XSS_IMG}"
    browser.getForm(id="add-note").submit()
    step(browser, "ask", XSS_IMG)
    page = browser.contents
    assert XSS_SCRIPT not in page
    assert XSS_IMG not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_forward_tells_the_new_office_and_the_citizen(app, world, bau, submission, functional):
    import email

    browser = browser_for(app, "liestal-clerk")
    browser.open(submission.absolute_url())
    forward(browser, bau)
    parsed = [
        email.message_from_bytes(m if isinstance(m, bytes) else m.encode())
        for m in functional["portal"].MailHost.messages
    ]
    bodies = [(mail["To"], mail.get_payload(decode=True).decode()) for mail in parsed]
    to_citizen = [body for to, body in bodies if to == "anna@example.ch"]
    assert any("Bauverwaltung" in body and "@@anliegen/" in body for body in to_citizen)
    # the Bauverwaltung has no address of its own here: its staff are told
    assert any(to == "liestal-bau-clerk@example.ch" for to, _body in bodies)
