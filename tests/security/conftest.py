from tests.people.conftest import researchers  # noqa: F401 - the people fixtures, shared
