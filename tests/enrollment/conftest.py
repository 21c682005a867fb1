import pytest

from courses.roles import COORDINATORS, roles_ensure
from enrollment.roles import enrollment_roles_ensure
from tests.support.factories import UserFactory


@pytest.fixture
def coordinator(client):
    """A signed-in member of the Coordinators group, with the roles set up as in production."""
    roles_ensure()
    enrollment_roles_ensure()
    user = UserFactory(groups=[COORDINATORS])
    client.force_login(user)
    return user
