"""Desk and admin forms. They check shape only; services check meaning (docs/architecture.md)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from claimtracker.ids import parse_id
from claimtracker.services.claims import SHORT_TEXT_MAX

try:  # WTForms 3.3 deprecates (value, label) tuples in favour of SelectChoice
    from wtforms.fields.choices import SelectChoice

    def choices(pairs: list[tuple]) -> list:
        """Select options from (value, label) pairs, in the form WTForms prefers."""
        return [SelectChoice(value, label) for value, label in pairs]
except ImportError:  # pragma: no cover - older WTForms

    def choices(pairs: list[tuple]) -> list:
        """Select options from (value, label) pairs, in the form WTForms prefers."""
        return list(pairs)


DATE_MESSAGE = "Enter the date as YYYY-MM-DD, e.g. 2019-06-01."
ROLES = choices([("reviewer", "Reviewer"), ("editor", "Editor"), ("admin", "Admin")])
STANCES = choices([("supports", "Supports"), ("refutes", "Refutes"), ("context", "Context")])


class StrictDateField(DateField):
    """A date field whose error says what format it wants."""

    def process_formdata(self, valuelist):  # type: ignore[no-untyped-def]
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
    url = URLField("Article URL", validators=[DataRequired(), Length(max=2048)])


class PasteArticleForm(FlaskForm):
    url = URLField("Article URL", validators=[DataRequired(), Length(max=2048)])
    headline = StringField("Headline", validators=[Optional(), Length(max=500)])
    byline = StringField("Byline", validators=[Optional(), Length(max=300)])
    outlet = StringField("Outlet", validators=[Optional(), Length(max=200)])
    published_on = StrictDateField("Published on", validators=[Optional()])
    content = TextAreaField("Article text or HTML", validators=[DataRequired()])


class ArticleMetadataForm(VersionedForm):
    headline = StringField("Headline", validators=[DataRequired(), Length(max=500)])
    byline = StringField("Byline", validators=[Optional(), Length(max=300)])
    outlet = StringField("Outlet", validators=[Optional(), Length(max=200)])
    published_on = StrictDateField("Published on", validators=[Optional()])
    archive_url = URLField("Archive URL", validators=[Optional(), Length(max=2048)])


class ClaimFieldsMixin:
    text = StringField(
        f"Claim, short form (≤ {SHORT_TEXT_MAX} characters)",
        validators=[DataRequired("The claim text is empty.")],
    )
    long_text = TextAreaField("Long form (optional)", validators=[Optional(), Length(max=5000)])
    claimant_id = SelectField(
        "Claimant", coerce=str, validate_choice=False, validators=[Optional()]
    )
    claimant_name = StringField("…or a new claimant", validators=[Optional(), Length(max=200)])
    claimed_on = StrictDateField("Date claimed", validators=[Optional()])
    tags = StringField("Tags (comma-separated)", validators=[Optional(), Length(max=600)])


class NewClaimForm(ClaimFieldsMixin, FlaskForm):
    article_id = HiddenField()
    exact = TextAreaField(
        "Passage in the article (exact text)", validators=[Optional(), Length(max=5000)]
    )
    start = HiddenField()
    speaker = StringField("Speaker", validators=[Optional(), Length(max=200)])
    #: Set once the reviewer has seen the similar claims and chose a new claim anyway.
    confirmed = HiddenField()


class EditClaimForm(ClaimFieldsMixin, VersionedForm):
    pass


class AppearanceForm(FlaskForm):
    article_id = HiddenField(validators=[DataRequired()])
    exact = TextAreaField("Passage", validators=[Optional(), Length(max=5000)])
    start = HiddenField()
    speaker = StringField("Speaker", validators=[Optional(), Length(max=200)])


class StatusForm(VersionedForm):
    status = HiddenField(validators=[DataRequired()])


class AssignForm(VersionedForm):
    assignee_id = SelectField("Assignee", coerce=str, validate_choice=False)


class SourceForm(FlaskForm):
    url = URLField("Source URL", validators=[DataRequired(), Length(max=2048)])
    title = StringField("Title", validators=[Optional(), Length(max=500)])
    publisher = StringField("Publisher", validators=[Optional(), Length(max=300)])
    stance = SelectField("Stance", choices=STANCES, default="context")
    note = TextAreaField("Note", validators=[Optional(), Length(max=5000)])
    archive_url = URLField("Archive URL", validators=[Optional(), Length(max=2048)])
    wayback = BooleanField(
        "Link the Wayback Machine's captures when no archive URL is given", default=True
    )


class NoteForm(FlaskForm):
    body = TextAreaField(
        "Note", validators=[DataRequired("The note is empty."), Length(max=20_000)]
    )
    parent_id = HiddenField()
    public = BooleanField("Public (shown to readers)")


class VerdictForm(FlaskForm):
    rating = SelectField("Rating", validators=[DataRequired()], validate_choice=False)
    summary = TextAreaField("Summary (Markdown)", validators=[DataRequired(), Length(max=20_000)])
    source_ids = SelectMultipleField("Sources cited", coerce=int, validate_choice=False)
    reason = SelectField(
        "Reason",
        choices=choices([("", "—"), ("correction", "Correction"), ("update", "Update")]),
        validators=[Optional()],
    )
    reason_note = TextAreaField("Why the verdict changes", validators=[Optional()])


class ReviseVerdictForm(VersionedForm):
    rating = SelectField("Rating", validators=[DataRequired()], validate_choice=False)
    summary = TextAreaField("Summary (Markdown)", validators=[DataRequired(), Length(max=20_000)])
    source_ids = SelectMultipleField("Sources cited", coerce=int, validate_choice=False)


class SignOffForm(VersionedForm):
    pass


class CreateUserForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    name = StringField("Name", validators=[Optional(), Length(max=120)])
    role = SelectField("Role", choices=ROLES, default="reviewer")
    password = PasswordField("Initial password", validators=[DataRequired(), Length(max=1024)])


class UpdateUserForm(FlaskForm):
    role = SelectField("Role", choices=ROLES)
    active = BooleanField("Active (can sign in)")


class ResetPasswordForm(FlaskForm):
    password = PasswordField("New password", validators=[DataRequired(), Length(max=1024)])
