"""What a payment earns under a rule version, to the paisa (issue 10 req. 1-3; F8).

Pure functions, no database. The formula gives an exact Decimal (flat amount;
percentage of the amount clamped to the minimum and maximum; the slab the amount
falls in), capped at what the bearer has on the line (the department's
collection, or the citizen's service charge). Rounding to the paisa happens in
ONE function, round_and_split: the total is rounded half up to a paisa; each
share but the named one is rounded down, so it is less than a paisa below its
exact value; the named share takes the rest. The shares are never negative and
always add up to the total.
"""
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)
SHARES = ("kiosk", "lsp", "doit")


@dataclass(frozen=True)
class Split:
    total: int
    kiosk: int
    lsp: int
    doit: int

    def share(self, name):
        return getattr(self, name)


def round_and_split(exact, percents, remainder_to):
    """exact commission (Decimal paise) and {share: percent} adding to 100 -> Split in whole paise.

    The one rounding function of commissions (STYLE 4)."""
    if remainder_to not in SHARES:
        raise ValueError(f"no share {remainder_to!r}")
    if sum((Decimal(percents[name]) for name in SHARES), Decimal(0)) != HUNDRED:
        raise ValueError("the shares must add up to 100%")
    exact = Decimal(exact)
    if exact < 0:
        raise ValueError("a commission is never negative")
    total = int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    parts = {}
    for name in SHARES:
        if name != remainder_to:
            parts[name] = int((Decimal(total) * Decimal(percents[name]) / HUNDRED).quantize(
                Decimal(1), rounding=ROUND_DOWN))
    parts[remainder_to] = total - sum(parts.values())
    return Split(total=total, **parts)


def exact_commission(version, base):
    """The formula's exact commission on base (paise) as a Decimal, before the cap and rounding."""
    if version.formula == "flat":
        return Decimal(version.flat_paise)
    if version.formula == "percent":
        value = Decimal(base) * Decimal(version.percent) / HUNDRED
        value = max(value, Decimal(version.min_paise or 0))
        if version.max_paise is not None:
            value = min(value, Decimal(version.max_paise))
        return value
    if version.formula == "slab":
        slab = slab_for(version.slabs, base)
        return Decimal(slab["paise"]) if slab else Decimal(0)
    raise ValueError(f"no formula {version.formula!r}")


def slab_for(slabs, base):
    for slab in slabs:
        if slab["from"] <= base and (slab["to"] is None or base <= slab["to"]):
            return slab
    return None


def commission(version, base, cap):
    """The Split a line of `base` paise earns under version, the total at most `cap` paise (what the
    bearer has on the line: the department's amount or the citizen's service charge)."""
    exact = min(exact_commission(version, base), Decimal(max(cap, 0)))
    return round_and_split(exact, {name: getattr(version, f"{name}_percent") for name in SHARES},
                           version.remainder_to)


def slab_problems(slabs):
    """[(row index, message)] for a slab table with gaps or overlaps, empty when it is sound.

    The first slab starts at ₹0.00, each next one a paisa after the previous one ends, and
    the last has no upper end, so that every amount falls in exactly one slab."""
    problems = []
    if not slabs:
        return [(0, "empty")]
    expected = 0
    for i, slab in enumerate(slabs):
        if slab["paise"] is None or slab["paise"] < 0:
            problems.append((i, "negative"))
        if slab["from"] != expected:
            problems.append((i, "gap" if slab["from"] > expected else "overlap"))
        if slab["to"] is None:
            if i != len(slabs) - 1:
                problems.append((i, "open_not_last"))
            break
        if slab["to"] < slab["from"]:
            problems.append((i, "reversed"))
        expected = slab["to"] + 1
    else:
        problems.append((len(slabs) - 1, "last_closed"))
    return problems
