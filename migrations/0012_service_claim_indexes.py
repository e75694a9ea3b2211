from tortoise import migrations
from tortoise.migrations import operations as ops

#: SQLite rebuilt service_claim in the previous migration and lost its indexes: make them again
#: (IF NOT EXISTS keeps PostgreSQL's, which were never dropped).
INDEXES = (
    'CREATE INDEX IF NOT EXISTS "idx_service_cla_program_5fa105" ON "service_claim" ("program_id", "status")',
    'CREATE INDEX IF NOT EXISTS "idx_service_cla_person__e682f2" ON "service_claim" ("person_id", "created_at")',
)


async def restore_indexes(apps, schema_editor) -> None:
    for statement in INDEXES:
        if schema_editor.collect_sql:
            schema_editor.collected_sql.append(statement)
        else:
            await schema_editor.client.execute_query(statement)


async def nothing(apps, schema_editor) -> None:
    return None


class Migration(migrations.Migration):
    dependencies = [('jurycourt', '0011_service_claim_idempotency')]

    initial = False

    operations = [ops.RunPython(restore_indexes, nothing)]
