"""An instructor writes a module in the Wagtail admin and submits it; a coordinator approves it.

Wagtail's admin is not ours, so it is not axe-scanned; the public module page it produces is.
"""

import re

from playwright.sync_api import Page, expect

from courses.models import ModulePage
from courses.roles import MODULE_REVIEW
from cpa_site.demo import DEMO_ACCOUNTS
from tests.browser.conftest import assert_accessible, shot

PASSWORDS = {email: password for email, _, _, _, password in DEMO_ACCOUNTS}
INSTRUCTOR = "instructor@example.org"
COORDINATOR = "coordinator@example.org"

TITLE = "Traffic stops"
SLUG = "traffic-stops"
SUMMARY = "What happens when an officer pulls a car over, and what you can expect."
OBJECTIVE = "Describe the steps of a routine traffic stop."
TEXT = "Most traffic stops end with a warning or a ticket in under fifteen minutes."
FACT_FIGURE = "15 minutes"
FACT_LABEL = "is how long a routine traffic stop usually lasts"
POLICY = "Vehicle stops procedure"
POLICY_URL = "https://example.org/policies/vehicle-stops"


def sign_in_with_keyboard(page: Page, email: str) -> None:
    page.goto("/admin/login/")
    expect(page.get_by_label("Email address")).to_be_focused()
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_be_focused()
    page.keyboard.type(PASSWORDS[email])
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/admin/$"))


def insert_block(page: Page, kind: str):
    body = page.get_by_role("region", name="Body*")
    body.get_by_role("button", name="Insert a block").last.click()
    page.get_by_role("option", name=kind, exact=True).click()
    return body.get_by_role("region", name=re.compile(f"^{kind}")).last


def write_module(page: Page) -> None:
    page.get_by_role("region", name="Title*").get_by_role("textbox").fill(TITLE)
    page.get_by_role("spinbutton", name="Number*").fill("9")
    page.get_by_role("spinbutton", name="Duration (minutes)*").fill("120")
    page.get_by_role("textbox", name="Summary*").fill(SUMMARY)
    objective = page.get_by_role("region", name="Learning objectives 1")
    objective.get_by_role("textbox", name="Objective*").fill(OBJECTIVE)

    text = insert_block(page, "Text")
    text.get_by_role("textbox").click()  # Draftail: a contenteditable, typed into like a person
    page.keyboard.type(TEXT)
    expect(text.get_by_role("textbox")).to_contain_text(TEXT)

    facts = insert_block(page, "Key facts")
    facts.get_by_role("textbox", name="Figure*").fill(FACT_FIGURE)
    facts.get_by_role("textbox", name="Label*").fill(FACT_LABEL)

    policy = insert_block(page, "Policy reference")
    policy.get_by_role("textbox", name="Title*").fill(POLICY)
    policy.get_by_role("textbox", name="Issued by*").fill("Police department")
    date = policy.get_by_role("textbox", name="Date of the document", exact=True)
    date_picker = page.locator(".xdsoft_datetimepicker").filter(visible=True)
    date.click()
    expect(date_picker).to_be_visible()
    date.fill("2020-05-29")
    date.press("Tab")
    expect(date_picker).to_be_hidden()
    policy.get_by_role("textbox", name="Link", exact=True).fill(POLICY_URL)
    policy.get_by_role("textbox", name="Link label", exact=True).fill(f"{POLICY} on example.org")


def footer_actions(page: Page):
    actions = page.get_by_role("navigation", name="Actions (footer)")
    actions.get_by_role("button", name="More actions").click()
    return actions


def test_instructor_writes_and_submits_a_module_and_a_coordinator_approves_it(page, new_page):
    # The instructor signs in with the keyboard alone and finds the curriculum in the explorer.
    sign_in_with_keyboard(page, INSTRUCTOR)
    sidebar = page.get_by_role("complementary", name="Sidebar")
    sidebar.get_by_role("button", name="Pages").click()
    # The explorer starts with the landing page in each language; the English one first.
    sidebar.get_by_role("link", name="View child pages of 'Citizens Police Academy'").click()
    sidebar.get_by_role("link", name="Curriculum", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Exploring: Curriculum")

    page.get_by_role("link", name="Add child page").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New: Module")
    write_module(page)
    shot(page, "instructor-module-edit-form")

    # The preview panel renders the module with the site's own template.
    page.get_by_role("button", name="Toggle preview").click()
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(preview.locator(".key-facts")).to_contain_text(FACT_FIGURE)
    expect(preview.get_by_role("link", name=re.compile(POLICY))).to_have_attribute(
        "href", POLICY_URL
    )

    # Autosave has stored the draft; the only way forward for an instructor is review.
    autosave = page.locator("#w-autosave-indicator")
    expect(autosave).to_have_attribute("data-w-autosave-state-value", "saved")
    shot(page, "instructor-module-preview")
    actions = footer_actions(page)
    submit = actions.get_by_role("button", name="Submit to Module review")
    expect(submit).to_be_visible()
    expect(actions.get_by_role("button", name=re.compile("Publish"))).to_have_count(0)
    submit.click()
    expect(page.get_by_role("status")).to_contain_text(
        f"Page '{TITLE}' has been submitted for moderation."
    )

    module = ModulePage.objects.get(slug=SLUG)
    assert module.live is False
    state = module.current_workflow_state
    assert state is not None and state.status == "in_progress"
    assert state.workflow.name == MODULE_REVIEW
    draft = module.get_latest_revision_as_object()
    assert (draft.number, draft.duration_minutes, draft.summary) == (9, 120, SUMMARY)
    assert [o.text for o in draft.objectives.all()] == [OBJECTIVE]
    assert [block.block_type for block in draft.body] == ["text", "key_facts", "policy_reference"]
    assert TEXT in str(draft.body[0].value)
    assert draft.body[2].value["url"] == POLICY_URL

    page.get_by_role("status").get_by_role("link", name="Edit").click()
    actions = footer_actions(page)
    expect(actions.get_by_role("button", name="Cancel workflow")).to_be_visible()
    expect(actions.get_by_role("button", name=re.compile("Publish|Approve"))).to_have_count(0)

    # Nobody outside sees the module until a coordinator approves it.
    resident = new_page()
    response = resident.goto(f"/curriculum/{SLUG}/")
    assert response is not None and response.status == 404

    coordinator = new_page()
    sign_in_with_keyboard(coordinator, COORDINATOR)
    review = coordinator.get_by_role("region", name="Awaiting your review")
    row = review.get_by_role("row").filter(has=coordinator.get_by_role("link", name=TITLE))
    expect(row).to_contain_text("Ian Instructor")
    row.get_by_role("button", name="Actions").click()
    row.get_by_role("button", name="Approve", exact=True).click()
    expect(coordinator).to_have_url(re.compile(r"/admin/$"))
    expect(coordinator.get_by_role("link", name=TITLE)).to_have_count(0)

    module.refresh_from_db()
    assert module.live is True
    state.refresh_from_db()
    assert state.status == "approved"

    # The module is now on the public curriculum, after module 8.
    resident.goto("/curriculum/")
    card = resident.locator(".module-card").get_by_role("link").last
    expect(card).to_have_text(f"Module 9: {TITLE}")
    card.click()
    expect(resident.get_by_role("heading", level=1)).to_have_text(TITLE)
    facts = resident.get_by_role("region", name="Key facts")
    expect(facts.get_by_role("term")).to_have_text(FACT_FIGURE)
    expect(facts.get_by_role("definition")).to_have_text(FACT_LABEL)
    expect(resident.get_by_role("link", name=re.compile(POLICY))).to_have_attribute(
        "href", POLICY_URL
    )
    shot(resident, "public-module-9-approved")
    assert_accessible(resident, "module written in the admin")
