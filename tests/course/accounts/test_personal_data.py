"""Every table that refers to an account is part of the export and of the deletion (Law 25).

The test walks Base.metadata, so a new table with a column referencing user_account fails here
until its area registers it (course/<area>/personal_data.py) or it is allow-listed below.
"""

from __future__ import annotations

from course.accounts.personal_data import parts
from course.models import Base

USER_TABLE = "user_account"
# Tables referring to an account that are deliberately in no part. Each says why.
ALLOWED_OUTSIDE_EXPORT = {
    # (none yet)
}


def tables_referring_to_the_account() -> set[str]:
    return {
        table.name
        for table in Base.metadata.tables.values()
        for key in table.foreign_keys
        if key.column.table.name == USER_TABLE and table.name != USER_TABLE
    }


def test_every_table_referring_to_the_account_is_exported_and_erased():
    covered = {table for part in parts() for table in part.tables}
    missing = tables_referring_to_the_account() - covered - set(ALLOWED_OUTSIDE_EXPORT)
    assert missing == set(), f"register these in an area's personal_data.py: {sorted(missing)}"


def test_every_registered_table_exists_and_refers_to_the_account():
    named = {table for part in parts() for table in part.tables}
    assert named - {USER_TABLE} <= tables_referring_to_the_account()


def test_each_table_belongs_to_one_part_only():
    tables = [table for part in parts() for table in part.tables]
    assert len(tables) == len(set(tables))


def test_every_part_exports_and_erases():
    for part in parts():
        assert callable(part.export), part.area
        assert callable(part.erase), part.area
