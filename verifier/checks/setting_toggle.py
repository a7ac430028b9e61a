"""IV200 — an on/off setting claimed on or off: versioning, PITR, key rotation, tracing,
encryption (and KMS encryption), deletion protection, Multi-AZ, public access block, DLQs,
flow logs, HTTPS-only.

Per resource the state is read from the bound property or, when absent, the service default
(with a note saying so). "on" holds when one resource has it ("all" claims need every one);
"off" holds when none has it; resources disagreeing on an "off" claim leave it unverifiable.
"""

from __future__ import annotations

from typing import Any

from claims.extract.base import name_hint_before
from claims.model import Claim
from verifier.bindings import (
    ALL_FLAGS_TRUE,
    ARTIFACT_FEATURES,
    ENCRYPTION,
    ENCRYPTION_KMS,
    PRESENT,
    PUBLIC_ACCESS_FLAGS,
    SERVICE_TYPES,
    TOGGLES,
    AttributeFlag,
    Toggle,
)
from verifier.checks.base import (
    CONTRADICTED,
    SUPPORTED,
    Check,
    CheckContext,
    Outcome,
    active,
    evidence_for,
    filter_by_name,
    own,
    show,
    unverifiable,
)
from verifier.model import Evidence, Resource, Unresolved
from verifier.paths import values_at
from verifier.values import same_value


def _is_on(value: Any, toggle: Toggle) -> bool | None:
    if toggle.on and isinstance(toggle.on[0], AttributeFlag):
        if not isinstance(value, dict):
            return None
        if value.get("Key") != toggle.on[0].key:
            return False  # another attribute
        flag = value.get("Value")
        return None if isinstance(flag, Unresolved) else same_value(True, flag)
    if toggle.on == (ALL_FLAGS_TRUE,):
        if not isinstance(value, dict):
            return None
        flags = [value.get(flag) for flag in PUBLIC_ACCESS_FLAGS]
        if any(isinstance(f, Unresolved) for f in flags):
            return None
        return all(same_value(True, f) for f in flags)
    if isinstance(value, Unresolved):
        if value.options:
            states = {_is_on(v, toggle) for v in value.options}
            return states.pop() if len(states) == 1 else None
        return True if PRESENT in toggle.on and value.kind in ("GetAtt", "Ref", "Sub", "ImportValue") else None
    if PRESENT in toggle.on:
        return value not in (None, "", [], {})
    return any(same_value(on, value) for on in toggle.on)


def _state(resource: Resource, toggle: Toggle) -> tuple[bool | None, tuple[Any, ...], Any, str | None]:
    found = values_at(resource, toggle.path)
    if not found:
        note = "service default (property absent)" + (f": {toggle.default_note}" if toggle.default_note else "")
        return toggle.default, tuple(p for p in toggle.path if p != "*"), None, note
    states = [_is_on(v, toggle) for _, v in found]
    state = True if True in states else (None if None in states else False)
    if toggle.on and isinstance(toggle.on[0], AttributeFlag):  # the evidence is the attribute itself, when it is there
        found = [f for f in found if isinstance(f[1], dict) and f[1].get("Key") == toggle.on[0].key] or found
    return state, found[0][0], found[0][1], None


class SettingToggleCheck(Check):
    id = "IV200"
    name = "setting on/off"
    concepts = (*TOGGLES, "encryption", "encryption.kms", *ARTIFACT_FEATURES)

    def run(self, claim: Claim, ctx: CheckContext) -> Outcome:
        if claim.concept in ARTIFACT_FEATURES:
            return _artifact_feature(claim, ctx)
        toggles = _toggles(claim)
        if not toggles:
            return unverifiable(f"no known setting for {claim.concept} on {claim.subject.service}")
        rows = []
        for toggle in toggles:
            for resource in own(active(ctx.artifacts.resources(toggle.types))):
                rows.append((resource, *_state(resource, toggle)))
        if claim.subject.name:
            named = filter_by_name([r[0] for r in rows], claim.subject.name)
            if not named and rows:
                return unverifiable(f"no resource called like '{claim.subject.name}' carries this setting")
            rows = [r for r in rows if r[0] in named]
        elif rows:
            hint = name_hint_before(claim.text, max(0, claim.text.find(claim.quote)) + len(claim.quote))
            hinted = filter_by_name([r[0] for r in rows], hint) if hint else []
            rows = [r for r in rows if r[0] in hinted] or rows  # "the archive bucket is encrypted": that bucket, when named so
        if not rows:
            if claim.polarity and claim.extra.get("service_named", True):
                kinds = sorted({t for tg in toggles for t in tg.types})
                return Outcome(CONTRADICTED, "none", [Evidence(", ".join(t.file for t in ctx.artifacts.templates), None, None, None, f"no {' / '.join(kinds[:3])}")],
                               f"the {ctx.artifacts.label} code has no {' / '.join(kinds[:3])} to carry this setting")
            return unverifiable("no resource this setting applies to")
        on = [r for r in rows if r[1] is True]
        off = [r for r in rows if r[1] is False]
        unknown = [r for r in rows if r[1] is None]
        if claim.polarity:
            if claim.quantifier == "all":
                if off:
                    return _outcome(CONTRADICTED, off, False)
                return _outcome(SUPPORTED, on, True) if not unknown else unverifiable("state not known statically")
            if on:
                return _outcome(SUPPORTED, on, True)
            return _outcome(CONTRADICTED, off, False) if not unknown else unverifiable("state not known statically")
        if on and not off and not unknown:
            if all(r[4] for r in on) and claim.concept in ("encryption", "encryption.kms", "s3.public_access_block"):
                return unverifiable("on only by the service default; the report likely means it is not configured explicitly",
                                    {"state": "on (service default)", "values": [r[0].logical_id for r in on[:5]]})
            return _outcome(CONTRADICTED, on, True)
        if off and not on and not unknown:
            return _outcome(SUPPORTED, off, False)
        if on and off:
            return unverifiable("some resources have it and some do not", {"on": [r[0].logical_id for r in on], "off": [r[0].logical_id for r in off]})
        return unverifiable("state not known statically")


def _toggles(claim: Claim) -> tuple[Toggle, ...]:
    if claim.concept in ("encryption", "encryption.kms"):
        table = ENCRYPTION_KMS if claim.concept == "encryption.kms" else ENCRYPTION
        service = claim.subject.service
        return table.get(service or "", ())
    toggles = TOGGLES.get(claim.concept, ())
    if claim.concept == "deletion_protection" and claim.extra.get("service_named") and claim.subject.service in SERVICE_TYPES:
        allowed = set(SERVICE_TYPES[claim.subject.service])
        narrowed = tuple(t for t in toggles if set(t.types) & allowed)
        return narrowed or toggles
    return toggles


def _outcome(verdict: str, rows: list[tuple[Resource, bool | None, tuple[Any, ...], Any, str | None]], state: bool) -> Outcome:
    evidence = [evidence_for(resource, path, note) for resource, _s, path, _v, note in rows[:5]]
    values = [show(value) if value is not None else ("on" if state else "off") for _r, _s, _p, value, _n in rows]
    actual = {"state": "on" if state else "off", "values": values[:5]}
    return Outcome(verdict, actual, evidence, "")


def _artifact_feature(claim: Claim, ctx: CheckContext) -> Outcome:
    hits: list[Evidence] = []
    for types, path, accepted in ARTIFACT_FEATURES[claim.concept]:
        for resource in own(active(ctx.artifacts.resources(types))):
            if path is None:
                hits.append(evidence_for(resource))
                continue
            if path == ("@logical_id",):
                if any(word in resource.logical_id.lower() for word in accepted):
                    hits.append(evidence_for(resource))
                continue
            for concrete, value in values_at(resource, path):
                toggle = Toggle(types, path, accepted or (PRESENT,))
                if _is_on(value, toggle):
                    hits.append(evidence_for(resource, concrete))
    present = bool(hits)
    if present == claim.polarity:
        return Outcome(SUPPORTED, "present" if present else "absent", hits[:5], "")
    if ctx.artifacts.empty:
        return unverifiable("no code for this scope")
    files = ", ".join(t.file for t in ctx.artifacts.templates)
    return Outcome(CONTRADICTED, "present" if present else "absent", hits[:5] or [Evidence(files, None, None, None, "not found in any resource")], "")
