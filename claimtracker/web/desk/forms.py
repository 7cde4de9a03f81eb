"""Desk forms. They check shape only; services check meaning (docs/architecture.md)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from claimtracker.ids import parse_id
from claimtracker.services.claims import SHORT_TEXT_MAX
from claimtracker.web.helpers import choices

DATE_MESSAGE = _l("Enter the date as YYYY-MM-DD, e.g. 2019-06-01.")
STANCES = choices(
    [("supports", _l("Supports")), ("refutes", _l("Refutes")), ("context", _l("Context"))]
)


class StrictDateField(DateField):
    """A date field whose error says what format it wants."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(DATE_MESSAGE) from None


class VersionedForm(FlaskForm):
    """Carries the version of the row the form was built from (optimistic locking)."""

    version = HiddenField(validators=[InputRequired()])

    def version_number(self) -> int | None:
        return parse_id(self.version.data)


class FetchArticleForm(FlaskForm):
    url = URLField(_l("Article URL"), validators=[DataRequired(), Length(max=2048)])


class PasteArticleForm(FlaskForm):
    url = URLField(_l("Article URL"), validators=[DataRequired(), Length(max=2048)])
    headline = StringField(_l("Headline"), validators=[Optional(), Length(max=500)])
    byline = StringField(_l("Byline"), validators=[Optional(), Length(max=300)])
    outlet = StringField(_l("Outlet"), validators=[Optional(), Length(max=200)])
    published_on = StrictDateField(_l("Published on"), validators=[Optional()])
    content = TextAreaField(_l("Article text or HTML"), validators=[DataRequired()])


class ArticleMetadataForm(VersionedForm):
    headline = StringField(_l("Headline"), validators=[DataRequired(), Length(max=500)])
    byline = StringField(_l("Byline"), validators=[Optional(), Length(max=300)])
    outlet = StringField(_l("Outlet"), validators=[Optional(), Length(max=200)])
    published_on = StrictDateField(_l("Published on"), validators=[Optional()])
    archive_url = URLField(_l("Archive URL"), validators=[Optional(), Length(max=2048)])


class ClaimFieldsMixin:
    text = StringField(
        _l("Claim, short form (≤ %(max)s characters)", max=SHORT_TEXT_MAX),
        validators=[DataRequired(_l("The claim text is empty."))],
    )
    long_text = TextAreaField(_l("Long form (optional)"), validators=[Optional(), Length(max=5000)])
    claimant_id = SelectField(
        _l("Claimant"), coerce=str, validate_choice=False, validators=[Optional()]
    )
    claimant_name = StringField(_l("…or a new claimant"), validators=[Optional(), Length(max=200)])
    claimed_on = StrictDateField(_l("Date claimed"), validators=[Optional()])
    tags = StringField(_l("Tags (comma-separated)"), validators=[Optional(), Length(max=600)])


class NewClaimForm(ClaimFieldsMixin, FlaskForm):
    article_id = HiddenField()
    exact = TextAreaField(
        _l("Passage in the article (exact text)"), validators=[Optional(), Length(max=5000)]
    )
    start = HiddenField()
    speaker = StringField(_l("Speaker"), validators=[Optional(), Length(max=200)])
    #: Set once the reviewer has seen the similar claims and chose a new claim anyway.
    confirmed = HiddenField()


class EditClaimForm(ClaimFieldsMixin, VersionedForm):
    pass


class AppearanceForm(FlaskForm):
    article_id = HiddenField(validators=[DataRequired()])
    exact = TextAreaField(_l("Passage"), validators=[Optional(), Length(max=5000)])
    start = HiddenField()
    speaker = StringField(_l("Speaker"), validators=[Optional(), Length(max=200)])


class StatusForm(VersionedForm):
    status = HiddenField(validators=[DataRequired()])
    #: Sending a proposal back to research asks why; the reason becomes a note.
    reason = TextAreaField(
        _l("Why it goes back to research"), validators=[Optional(), Length(max=5000)]
    )


class AssignForm(VersionedForm):
    assignee_id = SelectField(_l("Assignee"), coerce=str, validate_choice=False)


class SourceForm(FlaskForm):
    url = URLField(_l("Source URL"), validators=[DataRequired(), Length(max=2048)])
    title = StringField(_l("Title"), validators=[Optional(), Length(max=500)])
    publisher = StringField(_l("Publisher"), validators=[Optional(), Length(max=300)])
    stance = SelectField(_l("Stance"), choices=STANCES, default="context")
    note = TextAreaField(_l("Note on this source"), validators=[Optional(), Length(max=5000)])
    archive_url = URLField(_l("Archive URL"), validators=[Optional(), Length(max=2048)])
    wayback = BooleanField(
        _l("Link the Wayback Machine's captures when no archive URL is given"), default=True
    )


class NoteForm(FlaskForm):
    body = TextAreaField(
        _l("New note for the desk"),
        validators=[DataRequired(_l("The note is empty.")), Length(max=20_000)],
    )
    parent_id = HiddenField()
    public = BooleanField(_l("Public (shown to readers)"))


class RejectAdditionForm(FlaskForm):
    """An editor's reason for rejecting an addition held for them (its author reads it)."""

    reason = TextAreaField(
        _l("Why it is rejected"),
        validators=[
            DataRequired(_l("Say why it is rejected: its author will read it.")),
            Length(max=2_000),
        ],
    )


class SourcesCitedField(SelectMultipleField):
    """The claim's sources as checkboxes (a multiple select needed Ctrl-click)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, **kwargs: object) -> None:
        super().__init__(_l("Sources cited"), coerce=int, validate_choice=False, **kwargs)  # type: ignore[arg-type]


#: A verdict is never a default: the rating select starts on an empty choice and is required.
RATING_REQUIRED = _l("Choose a rating: the form never picks one for you.")


class CitedSourceForm(FlaskForm):
    """What an appearance's article attributes the passage to, and the source it cites (a
    logged article, or a pasted passage with its URL). Prefixed per appearance."""

    attributed_to = StringField(
        _l("What the article attributes it to"), validators=[Optional(), Length(max=300)]
    )
    article_id = SelectField(_l("The cited source, logged here"), validate_choice=False)
    excerpt = TextAreaField(
        _l("Or paste the source's passage"), validators=[Optional(), Length(max=50_000)]
    )
    url = URLField(_l("Address of the pasted passage"), validators=[Optional(), Length(max=2048)])
    archive_url = URLField(_l("Archived copy"), validators=[Optional(), Length(max=2048)])


#: The fidelity field of both verdict forms (choices: services.fidelity.choices()).
FIDELITY_LABEL = _l("Reported faithfully?")


class VerdictForm(FlaskForm):
    rating = SelectField(
        _l("Rating"),
        validators=[DataRequired(RATING_REQUIRED)],
        validate_choice=False,
        render_kw={"required": True},
    )
    fidelity = SelectField(FIDELITY_LABEL, validate_choice=False, default="not-assessed")
    summary = TextAreaField(
        _l("Summary (Markdown)"), validators=[DataRequired(), Length(max=20_000)]
    )
    source_ids = SourcesCitedField()
    reason = SelectField(
        _l("Reason"),
        choices=choices([("", "—"), ("correction", _l("Correction")), ("update", _l("Update"))]),
        validators=[Optional()],
    )
    reason_note = TextAreaField(_l("Why the verdict changes"), validators=[Optional()])


class ReviseVerdictForm(VersionedForm):
    rating = SelectField(
        _l("Rating"),
        validators=[DataRequired(RATING_REQUIRED)],
        validate_choice=False,
        render_kw={"required": True},
    )
    # no default: a post without it (an older page) leaves the fidelity as it is
    fidelity = SelectField(FIDELITY_LABEL, validate_choice=False, default=None)
    summary = TextAreaField(
        _l("Summary (Markdown)"), validators=[DataRequired(), Length(max=20_000)]
    )
    source_ids = SourcesCitedField()


class SignOffForm(VersionedForm):
    pass
