"""Pure rules of jurycourt: no Starlette, no Tortoise. Unit-tested without a database."""
