"""The importer's messages: translatable constants the tests assert on."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

MAY_NOT_IMPORT = _("You may not import agreements.")
FILE_NOT_XLSX = _("The file cannot be read as an XLSX workbook: save it again from the spreadsheet as .xlsx.")
FILE_NOT_CSV = _("The file cannot be read as CSV in UTF-8: save it again as “CSV UTF-8”.")
FILE_KIND = _("Only XLSX and CSV files are imported.")
NO_AGREEMENTS_SHEET = _("The workbook has no sheet named “agreements”.")
UNKNOWN_SHEET = _("Mosty does not know a sheet named “%(value)s”: the sheets are agreements, plan and about.")
MISSING_COLUMN = _("The column “%(value)s” is missing from the first row.")
UNKNOWN_COLUMN = _(
    "Mosty does not know the column “%(value)s”: the first row holds the columns of the template."
)
TWICE_COLUMN = _("The column “%(value)s” is given twice.")
TOO_MANY_ROWS = _("The sheet has more than %(limit)d rows: split the file.")
NOTHING_TO_IMPORT = _("The file has no rows to import.")
FORMULA = _("This cell holds a formula: type the value itself.")
REQUIRED = _("This cell is empty, but it is required.")
TOO_LONG = _("At most %(limit)d characters are accepted here; this cell has %(length)d.")
BAD_DATE = _("“%(value)s” is not a date: write it as YYYY-MM-DD or DD.MM.YYYY.")
BAD_NUMBER = _("“%(value)s” is not a number.")
TOO_MANY_DECIMALS = _("“%(value)s” has more than two decimal places.")
TOO_LARGE = _("The number “%(value)s” is too large.")
BAD_WEIGHT = _("“%(value)s” is not a whole number from 1 to 1000.")
BAD_CHOICE = _("“%(value)s” is not one of the accepted values: %(choices)s.")
UNKNOWN_FORUM = _("No Forum of Regions numbered “%(value)s” is recorded in Mosty.")
UNKNOWN_SECTOR = _("“%(value)s” is not an OKVED code Mosty knows.")
BAD_PARTY = _(
    "“%(value)s” is not a party: write a region code (RU-SMO), a region code and a settlement's "
    "GeoNames id (RU-SMO/491687) or org: and an organisation's number (org:15), optionally followed "
    "by |signatory|position."
)
SETTLEMENT_ELSEWHERE = _("The settlement “%(value)s” is not in the region %(region)s.")
BAD_RESPONSIBLE = _(
    "“%(value)s” is not a region code (RU-SMO) or org: and an organisation's number (org:15)."
)
RESPONSIBLE_NOT_FOUND = _("There is no region or organisation “%(value)s”.")
TOO_MANY_RESPONSIBLE = _(
    "“%(value)s” names more than two responsible parties: write the first side's, then “;” and the "
    "other side's (RU-SMO;BY-VI)."
)
DUPLICATE_IN_FILE = _("Row %(row)d already gives an agreement with this number at this forum.")
DUPLICATE_TITLE_IN_FILE = _(
    "Row %(row)d already gives an agreement without a number with this title at this forum."
)
DUPLICATE_COMMITMENT = _("Row %(row)d already gives a commitment with this text for the same agreement.")
NO_SUCH_AGREEMENT = _(
    "There is no such agreement in this file or in Mosty: check the number, the forum and (without a "
    "number) the title."
)
AMBIGUOUS_AGREEMENT = _(
    "Several agreements recorded in Mosty match this row: give them numbers to tell them apart."
)
AMBIGUOUS_COMMITMENT = _(
    "The agreement has several commitments with this text: tell them apart on its page first."
)
PARTY_NOT_REMOVED = _(
    "“%(value)s” is a party of the recorded agreement but is missing here: an import removes no party."
)
SIGNATORY_NOT_CHANGED = _(
    "The signatory of “%(value)s” differs from the one recorded: an import does not change the "
    "signatories of recorded parties."
)
NOT_FOR_THIS_RECORD = _("This column is not used in a row of this kind: leave it empty.")
BAD_RECORD = _("The record column says agreement or commitment, not “%(value)s”.")
