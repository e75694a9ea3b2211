from importlib import import_module

from tortoise import fields, migrations

from jurycourt.domain.roles import Role

#: Both new roles (agency contact, confirmation caller) came on separate branches, each describing the
#: column with its own: the description now names both. Description only (see 0032).
DescriptionOnly = import_module("migrations.0032_duties_and_append_only").DescriptionOnly


class Migration(migrations.Migration):
    dependencies = [('jurycourt', '0049_assembly_confirmations')]

    initial = False

    operations = [
        DescriptionOnly(
            model_name='Membership',
            name='role',
            field=fields.CharEnumField(description='COORDINATOR: coordinator\nJUROR: juror\nPANELIST: panelist\nGRAND_JUROR: grand_juror\nRESPONDENT: respondent\nGUARDIAN: guardian\nREFERRER: referrer\nCONFIRMATION_CALLER: confirmation_caller', enum_type=Role, max_length=20),
        ),
    ]
