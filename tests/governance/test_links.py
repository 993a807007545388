"""pk_url builds the same links as reverse, from one reversal."""

import pytest
from django.urls import reverse

from governance.links import pk_url


@pytest.mark.parametrize("name", ["governance:meeting_detail", "governance:action_edit"])
@pytest.mark.parametrize("pk", [1, 42, 987654321, 10**12])
def test_it_gives_what_reverse_gives(name, pk):
    assert pk_url(name)(pk) == reverse(name, args=[pk])


def test_it_refuses_what_is_not_a_whole_number():
    with pytest.raises(ValueError):
        pk_url("governance:meeting_detail")("1/../../admin")
