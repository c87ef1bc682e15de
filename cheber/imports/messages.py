"""The reasons a row is refused, shared by the sheets' checks (translated when shown)."""

from django.utils.translation import gettext_lazy as _

NOT_ALLOWED = _("“%(value)s” is not one of the allowed values.")
NO_ORGANIZATION = _("No organization has the code %(code)s.")
NO_POSITION = _("No position “%(value)s”.")
NO_SPECIALIZATION = _("No specialization “%(value)s”.")
NO_UNIT = _("No district or city has the СОАТЕ code %(code)s.")
NOT_A_LANGUAGE = _("“%(value)s” is not a language code (ky, ru, uz, tg, en).")
OUTSIDE = _("This organization is outside your territory.")
NATIONAL_ONLY = _("Only the ministry registers organizations of this type.")
SAME_CODE = _("The same organization code is on row %(row)s.")
PIN_SEX = _("The PIN starts with %(digit)s, which does not match the sex given.")
PIN_BIRTH = _("The PIN encodes the birth date %(date)s, not the one given.")
NO_POSITION_THERE = _(
    "Organizations of type “%(organization_type)s” have no position “%(position)s”."
)
WORKLOAD = _("The workload must be from 0.10 to 2.00.")
PIN_OTHER_PERSON = _(
    "The same PIN is on row(s) %(rows)s with other personal data: keep one version."
)
PIN_SAME_JOB = _("The same PIN with the same job is on row %(row)s.")
PIN_HIDDEN = _(
    "This PIN is registered to an educator whose full PIN you may not see, so a file cannot "
    "change their record: change it on their page, or ask the registry keeper of their district."
)
PIN_UNKNOWN = _(
    "No educator with this PIN among those whose full PIN you may see, nor on the educators sheet."
)
SAME_TRAINING = _("The same training is on row %(row)s.")
CHEBER_TRAINING = _("This training was completed in Cheber; an import does not change it.")
NO_PROVIDER_GIVEN = _("Give the provider's code or its name.")
END_BEFORE_START = _("The end date cannot be before the start date.")
END_IN_FUTURE = _("A completed training cannot end in the future.")
HOURS = _("The hours must be a positive whole number.")
REQUIRED = _("This column must be filled in.")
TOO_LONG = _("At most %(limit)s characters; this cell has %(count)s.")
LATIN_REPLACED = _(
    "Latin letters that look like Cyrillic ones were replaced: “%(raw)s” is read as “%(value)s”."
)
MISSING_COLUMNS = _(
    "The sheet “%(sheet)s” lacks required columns: %(columns)s. Its rows were not read. "
    "Download the template and copy your data into its columns, or choose which column is "
    "which below the report."
)
