"""The one rounding function (issue 10 req. 3, "Tests that must exist"): for random rules, shares and
amounts, the split sums to the commission, no share is negative, every share but the named one is
less than a paisa below its exact value, and the named share takes the rest."""
from decimal import Decimal
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from emitra.commissions.calculation import SHARES, commission, exact_commission, round_and_split, slab_problems

amounts = st.integers(1, 10**12)
percent = st.decimals(min_value=0, max_value=100, places=2)


@st.composite
def shares(draw):
    """Three percentages with two decimals adding to exactly 100."""
    a = draw(st.integers(0, 10_000))
    b = draw(st.integers(0, 10_000 - a))
    parts = [Decimal(a) / 100, Decimal(b) / 100, Decimal(10_000 - a - b) / 100]
    order = draw(st.permutations(SHARES))
    return dict(zip(order, parts))


@st.composite
def versions(draw):
    formula = draw(st.sampled_from(["flat", "percent", "slab"]))
    v = SimpleNamespace(formula=formula, flat_paise=None, percent=None, min_paise=None, max_paise=None, slabs=[],
                        remainder_to=draw(st.sampled_from(SHARES)))
    for name, value in draw(shares()).items():
        setattr(v, f"{name}_percent", value)
    if formula == "flat":
        v.flat_paise = draw(st.integers(1, 10**9))
    elif formula == "percent":
        v.percent = draw(st.decimals(min_value=Decimal("0.0001"), max_value=100, places=4))
        v.min_paise = draw(st.integers(0, 10**6))
        v.max_paise = draw(st.one_of(st.none(), st.integers(v.min_paise, 10**9)))
    else:
        bounds = sorted(set(draw(st.lists(st.integers(0, 10**9), min_size=0, max_size=5))))
        start, v.slabs = 0, []
        for upper in bounds:
            if upper >= start:
                v.slabs.append({"from": start, "to": upper, "paise": draw(st.integers(0, 10**7))})
                start = upper + 1
        v.slabs.append({"from": start, "to": None, "paise": draw(st.integers(0, 10**7))})
    return v


def check(split, exact, percents, remainder_to):
    assert split.kiosk + split.lsp + split.doit == split.total
    assert all(split.share(name) >= 0 for name in SHARES)
    assert abs(Decimal(split.total) - exact) <= Decimal("0.5")
    for name in SHARES:
        share_exact = Decimal(split.total) * percents[name] / 100
        if name == remainder_to:
            # it takes what the others lost to rounding: under a paisa for each of them
            assert 0 <= split.share(name) - share_exact < len(SHARES) - 1
        else:
            assert 0 <= share_exact - split.share(name) < 1


@given(exact=st.decimals(min_value=0, max_value=10**12, places=4), percents=shares(),
       remainder_to=st.sampled_from(SHARES))
def test_a_split_sums_to_the_commission_and_no_share_is_negative(exact, percents, remainder_to):
    split = round_and_split(exact, percents, remainder_to)
    check(split, exact, percents, remainder_to)


@given(version=versions(), base=amounts, cap=st.integers(0, 10**12))
def test_any_rule_on_any_amount_splits_exactly(version, base, cap):
    assert slab_problems(version.slabs) == [] or version.formula != "slab"
    split = commission(version, base, cap)
    exact = min(exact_commission(version, base), Decimal(cap))
    check(split, exact, {name: getattr(version, f"{name}_percent") for name in SHARES}, version.remainder_to)
    assert split.total <= cap


def test_one_paisa_in_thirds_goes_to_the_named_share():
    thirds = {"kiosk": Decimal("33.34"), "lsp": Decimal("33.33"), "doit": Decimal("33.33")}
    split = round_and_split(Decimal(1), thirds, "doit")
    assert (split.total, split.kiosk, split.lsp, split.doit) == (1, 0, 0, 1)
    split = round_and_split(Decimal(100), thirds, "lsp")
    assert (split.kiosk, split.lsp, split.doit) == (33, 34, 33)


def test_shares_that_do_not_add_to_100_are_refused():
    with pytest.raises(ValueError):
        round_and_split(Decimal(100), {"kiosk": 50, "lsp": 30, "doit": 10}, "kiosk")


def test_a_percentage_is_clamped_to_its_minimum_and_maximum():
    v = SimpleNamespace(formula="percent", percent=Decimal("0.5"), min_paise=5_00, max_paise=25_00)
    assert exact_commission(v, 400_00) == Decimal(5_00)      # 0.5% of ₹400 is ₹2, the minimum is ₹5
    assert exact_commission(v, 2_000_00) == Decimal(10_00)   # 0.5% of ₹2,000
    assert exact_commission(v, 9_000_00) == Decimal(25_00)   # 0.5% of ₹9,000 is ₹45, the maximum is ₹25


def test_slab_tables_with_gaps_or_overlaps_are_found():
    sound = [{"from": 0, "to": 500_00, "paise": 5_00}, {"from": 500_01, "to": None, "paise": 8_00}]
    assert slab_problems(sound) == []
    gap = [{"from": 0, "to": 500_00, "paise": 5_00}, {"from": 600_00, "to": None, "paise": 8_00}]
    assert slab_problems(gap) == [(1, "gap")]
    overlap = [{"from": 0, "to": 500_00, "paise": 5_00}, {"from": 400_00, "to": None, "paise": 8_00}]
    assert slab_problems(overlap) == [(1, "overlap")]
    closed = [{"from": 0, "to": 500_00, "paise": 5_00}]
    assert slab_problems(closed) == [(0, "last_closed")]
