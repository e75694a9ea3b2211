"""Rewrites after an erasure, queued: a seal, a withdrawal or a volunteer's erasure asked for from a
web page no longer runs PostgreSQL's ``VACUUM FULL`` inside the request (it locks each table while
it copies it); the table is named here and the housekeeping round rewrites it (jurycourt.db_scrub).
"""

from tortoise import fields, migrations
from tortoise.migrations import operations as ops

from jurycourt.models.fields import UtcDatetimeField


class Migration(migrations.Migration):
    dependencies = [("jurycourt", "0033_throttles")]

    initial = False

    operations = [
        ops.CreateModel(
            name="PendingRewrite",
            fields=[
                ("table_name", fields.CharField(primary_key=True, unique=True, db_index=True, max_length=63)),
                ("requested_at", UtcDatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={"table": "pending_rewrite", "app": "jurycourt", "pk_attr": "table_name",
                     "table_description": "A table an erasure from a web page left dead row versions in, for the "
                                          "housekeeping round to rewrite."},
            bases=["Model"],
        ),
    ]
