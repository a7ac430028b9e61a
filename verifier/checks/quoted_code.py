"""IV500 — settings quoted as code, inline (`BillingMode: PAY_PER_REQUEST`) or in fenced blocks.

A quote is a key path and a value. It is looked up among the *sites* of its side's templates
(``verifier/quoted_sites.py``) by the longest common key-path suffix. It holds when a matching
site has the quoted value (a quoted list item when the list holds it). Whether a miss is a
contradiction depends on how surely the quote is located:

- *pinned*: the quote names its owner (``MyTable: Properties: ...``, ``Parameters: Env: ...``,
  or a resource named in the sentence) and that owner exists; or its list item is identified
  (``Key: Name``) within such an owner;
- *distinctive*: every matching site belongs to one owner and the key is not a generic one
  (``Description``, ``Value``, ``Default``, ``Type`` ...) that many unrelated places share.

A miss at a pinned or distinctive place is contradicted (for a fenced block only when the
block demonstrably quotes this side: some other setting of it was found). Anything else is
unverifiable. A key the code never uses is contradicted only for an anchored block whose
other side does use it ("the final code has X" when only the model's has).
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from claims.model import Claim
from verifier.checks.base import CONTRADICTED, SUPPORTED, Check, CheckContext, Outcome, show, unverifiable
from verifier.hcl_meta import META_ARGUMENTS
from verifier.model import ArtifactSet, Evidence, Unresolved
from verifier.quoted_sites import Site, common_suffix, is_intrinsic, sites, sites_ending_with
from verifier.values import same_value

GENERIC_KEYS = frozenset({
    "Description", "Value", "Values", "Name", "Key", "Default", "Type", "Resource", "Condition", "Ref",
    "Action", "Effect", "Sid", "Principal", "Service", "Id", "Arn", "ConstraintDescription", "AlarmDescription",
    "AllowedValues", "AllowedPattern", "MinLength", "MaxLength", "MinValue", "MaxValue", "Field",
    "Fn::Sub", "Fn::GetAtt", "Fn::Join", "Fn::If", "Fn::Select", "Export", "Status", "Enabled", "Prefix",
})
ATTRIBUTE_ALIASES = {"RemovalPolicy": "DeletionPolicy"}
PARAMETER_ATTRIBUTES = frozenset({"AllowedPattern", "AllowedValues", "ConstraintDescription", "Default", "MinLength",
                                  "MaxLength", "MinValue", "MaxValue", "NoEcho"})


class QuotedCodeCheck(Check):
    id = "IV500"
    name = "quoted settings"
    concepts = ("setting.value", "snippet.value", "setting.absent")

    def run(self, claim: Claim, ctx: CheckContext) -> Outcome:
        if ctx.artifacts.empty:
            return unverifiable(f"no {ctx.artifacts.label} code to compare the quote with")
        if claim.concept == "setting.absent":
            return _absent(claim, ctx)
        quote = Quote.of(claim, ctx.artifacts)
        if not quote.keys:
            return unverifiable("nothing to look up")
        if set(quote.keys) & TERRAFORM_META_KEYS:
            return unverifiable(f"`{quote.keys[-1]}` is a Terraform meta-argument; only resource attributes are compared")
        verdict, actual, evidence, reason = judge(quote, ctx.artifacts, ctx.other)
        if verdict is None and claim.concept == "setting.value" and len(quote.keys) == 1:
            variable = _terraform_variable(ctx.artifacts, quote.keys[0])
            if variable is not None:  # "`single_nat_gateway = false` in the tfvars": an input variable's value
                template, parameter = variable
                value = parameter.raw.get("Value", parameter.default)
                note = "value from a .tfvars file" if "Value" in parameter.raw else "the variable's default"
                where = [Evidence(parameter.raw.get("@File") or template.file, parameter.line, None, f"variable.{parameter.name}", note)]
                verdict, actual, evidence, reason = (SUPPORTED if _equal(quote.expected, value) else CONTRADICTED), value, where, ""
        if verdict == SUPPORTED and claim.concept == "setting.value" and claim.quantifier == "all":
            verdict, actual, evidence, reason = _on_every_owner(quote, ctx.artifacts, (verdict, actual, evidence, reason))
        if verdict in (SUPPORTED, CONTRADICTED) and not claim.polarity:
            verdict = CONTRADICTED if verdict == SUPPORTED else SUPPORTED
        elif verdict is None and not claim.polarity and actual is None and evidence == []:
            files = ", ".join(t.file for t in ctx.artifacts.templates)
            return Outcome(SUPPORTED, "absent", [Evidence(files, note=f"no {quote.keys[-1]} in the {ctx.artifacts.label} code")],
                           f"{quote.keys[-1]} is not set in the {ctx.artifacts.label} code")
        if verdict is None:
            return unverifiable(reason, actual)
        return Outcome(verdict, actual, evidence, reason)


TERRAFORM_META_KEYS = set(META_ARGUMENTS) - {"source", "version"} | {"lifecycle"}


class Quote:
    """A quoted key path and value, with what the report says about where it sits."""

    def __init__(self, keys: tuple[str, ...], expected: Any, owner: str | None, item: dict[str, Any] | None,
                 block: bool, anchored: bool) -> None:
        self.keys, self.expected, self.owner, self.item = keys, expected, owner, item
        self.block, self.anchored = block, anchored
        relative = list(keys)
        if owner and owner in relative:
            relative = relative[relative.index(owner) + 1:]
        relative = [k for k in relative if k not in ("Properties", "Parameters", "Outputs")]
        self.min_depth = min(2, len(relative)) or 1  # a nested quote must match below its parent key

    @classmethod
    def of(cls, claim: Claim, artifacts: ArtifactSet) -> Quote:
        if claim.concept == "setting.value":
            key = ATTRIBUTE_ALIASES.get(claim.extra["key"], claim.extra["key"])
            expected = _inline_value(claim.expected)
            owner = _owner_called(claim.subject.name, artifacts)
            if key == "Type" and not _resource_type_name(expected):
                return cls(("Properties", "Type"), expected, owner, None, False, False)
            return cls((key,), expected, owner, None, False, False)
        path = tuple(str(k) for k in claim.extra.get("path", ()))
        if path and path[0] == "Resources":
            path = path[1:]
        _section, owner = claim.extra.get("owner") or (None, None)
        return cls(path, claim.expected, owner, claim.extra.get("item"), True, bool(claim.extra.get("anchored")))


def _on_every_owner(quote: Quote, artifacts: ArtifactSet, found: tuple[str | None, Any, list[Evidence], str]) -> tuple[str | None, Any, list[Evidence], str]:
    """"all three have `enable_key_rotation = true`": every resource of the kind that holds the
    quoted value must hold it; one with another value contradicts, one without it leaves it open."""
    holders = {site.owner for site, _d in _matching(quote, artifacts) if _equal(quote.expected, site.value)}
    kinds = {r.type for r in artifacts.resources() if r.logical_id in holders}
    others = [r for r in artifacts.resources(tuple(kinds)) if r.logical_id not in holders and r.active is not False]
    if not others:
        return found
    wrong = [(site, r) for r in others for site, _d in _matching(quote, artifacts) if site.owner == r.logical_id]
    if wrong:
        return CONTRADICTED, show(wrong[0][0].value), [site.evidence() for site, _r in wrong[:3]], f"{wrong[0][1].logical_id} has another value"
    names = ", ".join(r.logical_id for r in others[:3])
    return None, "not set", [Evidence(others[0].file, others[0].line, others[0].logical_id)], f"{quote.keys[-1]} is not set on {names} (its default is not known here)"


def _terraform_variable(artifacts: ArtifactSet, name: str) -> tuple[Any, Any] | None:
    """The Terraform input variable called ``name`` (with its value after tfvars), if any."""
    for template, parameter in artifacts.parameters():
        if parameter.name == name and getattr(template, "providers", None) is not None:  # a Terraform root module
            return template, parameter
    return None


def _absent(claim: Claim, ctx: CheckContext) -> Outcome:
    """A property the report says is not set: on the resources of the service (or the one named)."""
    from verifier.bindings import SERVICE_TYPES

    key = ATTRIBUTE_ALIASES.get(claim.extra["key"], claim.extra["key"])
    owner = _owner_called(claim.subject.name, ctx.artifacts)
    if owner is None:  # "`DataKey` was created without `EnableKeyRotation`"
        named = [n for n in re.findall(r"`([A-Za-z][\w-]+)`", claim.text) if n in _owner_names(ctx.artifacts)]
        owner = named[0] if len(named) == 1 else None
    types = set(SERVICE_TYPES.get(claim.subject.service or "", ()))
    resources = {r.logical_id: r.type for r in ctx.artifacts.resources()}
    scope = [r for r in resources if (owner and r == owner) or (not owner and (not types or resources[r] in types))]
    if not scope:
        return unverifiable(f"no {claim.subject.service or ''} resource to look at".replace("  ", " "))
    known = any(sites_ending_with(side, key) for side in (ctx.artifacts, ctx.other))
    if not known or key in PARAMETER_ATTRIBUTES:
        return unverifiable(f"`{key}` is not a resource property either side's code uses")
    found = [site for site in sites(ctx.artifacts) if site.section == "Resources" and site.owner in scope
             and site.keys and site.keys[-1] == key and site.keys[-2:-1] != ("Tags",)]
    files = ", ".join(t.file for t in ctx.artifacts.templates)
    if found:
        return Outcome(CONTRADICTED, show(found[0].value), [site.evidence() for site in found[:3]], f"{key} is set")
    return Outcome(SUPPORTED, "absent", [Evidence(files, note=f"no {key} on {', '.join(scope[:4])}")], "")


def _owner_called(name: str | None, artifacts: ArtifactSet) -> str | None:
    """The one owner a sentence names ("on the archive bucket" -> ArchiveBucket), if exactly one fits."""
    if not name:
        return None
    owners = _owner_names(artifacts)
    if name in owners:
        return name
    wanted = "".join(ch for ch in name.lower() if ch.isalnum())
    fitting = [o for o in owners if wanted and wanted in "".join(ch for ch in o.lower() if ch.isalnum())]
    return fitting[0] if len(fitting) == 1 else None


def _owner_names(artifacts: ArtifactSet) -> set[str]:
    return {site.owner for site in sites(artifacts)}


def _inline_value(value: Any) -> Any:
    """`["*"]` or `['dev', 'prod']` written inline mean lists."""
    if isinstance(value, str) and value.startswith("[") and value.endswith("]"):
        try:
            parsed = yaml.safe_load(value)
        except yaml.YAMLError:
            return value
        if isinstance(parsed, list) and all(not isinstance(v, (dict, list)) for v in parsed):
            return [str(v) if not isinstance(v, (int, float, bool)) else v for v in parsed]
    return value


def judge(quote: Quote, artifacts: ArtifactSet, other: ArtifactSet) -> tuple[str | None, Any, list[Evidence], str]:
    """(verdict or None for unverifiable, actual value, evidence, reason)."""
    matching = _matching(quote, artifacts)
    pinned = quote.owner is not None and quote.owner in _owner_names(artifacts)
    if pinned:
        matching = [(site, depth) for site, depth in matching if site.owner == quote.owner]
    if quote.item:
        matching = _in_item(matching, quote.item)
    hits = [(site, depth) for site, depth in matching if _equal(quote.expected, site.value)]
    if hits:
        hits.sort(key=lambda h: -h[1])
        return SUPPORTED, show(hits[0][0].value), [site.evidence() for site, _d in hits[:3]], ""
    block_ok = quote.anchored or not quote.block
    if not matching:
        where = f"{quote.owner} in the {artifacts.label} code" if pinned else f"the {artifacts.label} code"
        if block_ok and quote.block and (pinned or _matching(quote, other)):
            files = ", ".join(t.file for t in artifacts.templates)
            return CONTRADICTED, "absent", [Evidence(files, note=f"no {'.'.join(quote.keys)} in {where}")], f"{quote.keys[-1]} is not set in {where}"
        return None, None, [], f"{quote.keys[-1]} does not occur in {where}"
    deepest = max(depth for _s, depth in matching)
    best = [site for site, depth in matching if depth == deepest]
    actual = _shown_values(best)
    evidence = [site.evidence() for site in best[:3]]
    if quote.keys[-1] == "Type" and _resource_type_name(quote.expected) and not pinned:
        if not block_ok:
            return None, actual, evidence, "the quoted block does not match this code elsewhere either (it may be illustrative)"
        return CONTRADICTED, "absent", evidence[:1], f"no {quote.expected} resource in the {artifacts.label} code"
    if is_intrinsic(quote.expected) and not any(is_intrinsic(site.value) for site in best):
        return None, actual, evidence, "the code holds a resolved value here; the quoted function cannot be compared with it"
    if _interpolated(quote.expected) and not any(_same_references(quote.expected, site.value) for site in best):
        return None, actual, evidence, "the code holds an evaluated value here; the quoted interpolation cannot be compared with it"
    if _free_text(quote.expected):
        return None, actual, evidence, "the quoted text is worded differently from the code's; wording is not checked"
    distinctive = quote.keys[-1] not in GENERIC_KEYS and len({site.owner for site in best}) == 1
    if not (pinned or distinctive or _every_site_agrees(quote, best)):
        return None, actual, evidence, f"{quote.keys[-1]} occurs in several places with other values; the quote does not say which it means"
    if not block_ok:
        return None, actual, evidence, "the quoted block does not match this code elsewhere either (it may be illustrative)"
    return CONTRADICTED, actual, evidence, ""


def _matching(quote: Quote, artifacts: ArtifactSet) -> list[tuple[Site, int]]:
    """Sites whose key path ends like the quote's, with the number of keys they share."""
    found = []
    # min_depth >= 1: only sites ending with the quote's last key can match
    for site in sites_ending_with(artifacts, quote.keys[-1]) if quote.keys else ():
        depth = common_suffix(quote.keys, site.keys)
        if depth >= quote.min_depth and _compatible(quote, site, depth):
            found.append((site, depth))
    return found


def _compatible(quote: Quote, site: Site, depth: int) -> bool:
    """A bare ``Type`` quote means a resource's type only when it reads like one."""
    if quote.keys == ("Type",):
        resource_type = _resource_type_name(quote.expected)
        return (site.keys[-2:] == (site.owner, "Type") and site.section == "Resources") == resource_type
    return True


def _free_text(value: Any) -> bool:
    """Prose or a code blob (descriptions, inline function code, a multi-line ``!Sub`` body):
    quotes of it are often abridged."""
    if is_intrinsic(value):
        inner = next(iter(value.values()))
        inner = inner[0] if isinstance(inner, list) and inner else inner
        return isinstance(inner, str) and "\n" in inner.strip()
    return isinstance(value, str) and ("\n" in value.strip() or len(value.split()) >= 4)


def _resource_type_name(value: Any) -> bool:
    """``AWS::S3::Bucket`` (a resource type), not ``AWS::EC2::VPC::Id`` (a parameter type)."""
    text = str(value)
    return text.startswith("Custom::") or text.startswith("AWS::") and text.count("::") == 2


def _in_item(matching: list[tuple[Site, int]], item: dict[str, Any]) -> list[tuple[Site, int]]:
    """Keep sites in a list item with the quoted identity (a tag's Key, a statement's Sid)."""
    (key, value), = item.items()
    return [(site, depth) for site, depth in matching if site.item is not None and same_value(value, site.item.get(key))]


def _every_site_agrees(quote: Quote, best: list[Site]) -> bool:
    """Several places, all with one same other value: the code holds no such quote anywhere."""
    if quote.keys[-1] in GENERIC_KEYS or len(best) < 2:
        return False
    return len({_canonical(site.value) for site in best}) == 1


HCL_WHOLE_REFERENCE = re.compile(r"^\$\{([^${}]+)\}$")  # "${aws_s3_bucket.logs.id}": the reference alone


HCL_REFERENCE = re.compile(r"\$\{([^${}]+)\}")


HCL_INPUT = re.compile(r"^(?:var|local)\.[\w.\[\]\"-]+$")  # var.db_password: the evaluator puts its value in its place


def _interpolated(value: Any) -> bool:
    """A Terraform string with ``${...}`` in it (after unwrapping a lone reference), or a bare
    ``var.`` / ``local.`` reference."""
    value = _unwrapped(value)
    return isinstance(value, str) and ("${" in value or bool(HCL_INPUT.match(value)))


def _same_references(quoted: Any, written: Any) -> bool:
    """Whether the code's value still holds the quote's ``${...}`` references (the evaluator replaces
    ``var.`` and ``local.`` ones by their values: then the two cannot be compared)."""
    references = _references(quoted)
    quoted, written = _unwrapped(quoted), _unwrapped(written)
    if isinstance(written, dict) and list(written) == ["Fn::Sub"]:  # CloudFormation: the Sub's string
        body = written["Fn::Sub"]
        written = body[0] if isinstance(body, list) and body else body
    if not isinstance(quoted, str) or not isinstance(written, str):
        return False
    return references <= _references(written)


def _references(value: Any) -> set[str]:
    """The ``${...}`` references of a value; a lone reference (``${var.x}`` or ``var.x``) is its own."""
    value = _unwrapped(value)
    if not isinstance(value, str):
        return set()
    found = set(HCL_REFERENCE.findall(value))
    return found or ({value} if HCL_INPUT.match(value) else set())


def _unwrapped(value: Any) -> Any:
    """``"${aws_s3_bucket.logs.id}"`` and ``aws_s3_bucket.logs.id`` are one expression in HCL 2; a
    Terraform reference the evaluator left unknown reads as its text."""
    if isinstance(value, Unresolved) and value.kind in ("Ref", "Sub") and not value.text.startswith("!"):
        value = value.text
    if isinstance(value, str):
        whole = HCL_WHOLE_REFERENCE.match(value)
        if whole:
            return whole.group(1).strip()
    return value


def _same_region_azs(value: Any) -> Any:
    """``Fn::GetAZs: {Ref: AWS::Region}`` and ``Fn::GetAZs: ''`` both list the stack's own region's zones."""
    if isinstance(value, dict):
        return {k: ("" if k == "Fn::GetAZs" and v in ({"Ref": "AWS::Region"}, "!Ref AWS::Region") else _same_region_azs(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [_same_region_azs(v) for v in value]
    return value


def _join_as_sub(value: Any) -> Any:
    """``Fn::Join: ["", [!Sub "${AWS::StackName}", "-results-", !Ref AWS::AccountId]]`` is
    ``!Sub "${AWS::StackName}-results-${AWS::AccountId}"``: one string, written two ways."""
    if isinstance(value, dict) and len(value) == 1 and isinstance(value.get("Fn::Join"), list) and len(value["Fn::Join"]) == 2:
        delimiter, parts = value["Fn::Join"]
        if isinstance(delimiter, str) and isinstance(parts, list):
            pieces = []
            for part in parts:
                if isinstance(part, str):
                    pieces.append(part)
                elif isinstance(part, dict) and isinstance(part.get("Ref"), str) and len(part) == 1:
                    pieces.append("${" + part["Ref"] + "}")
                elif isinstance(part, dict) and isinstance(part.get("Fn::Sub"), str) and len(part) == 1:
                    pieces.append(part["Fn::Sub"])
                else:
                    return value
            return {"Fn::Sub": delimiter.join(pieces)}
    return value


def _equal(expected: Any, written: Any) -> bool:
    expected, written = (_join_as_sub(_same_region_azs(_unwrapped(v))) for v in (expected, written))
    if isinstance(expected, list) and len(expected) == 1 and not isinstance(written, list):
        expected = expected[0]  # `cidr_blocks = ["0.0.0.0/0"]`, kept as one CidrIp per rule
    if isinstance(expected, list) and isinstance(written, list):
        return len(expected) == len(written) and all(_equal(e, w) for e, w in zip(expected, written, strict=True))
    if isinstance(written, list):
        return any(_equal(expected, item) for item in written)
    if is_intrinsic(expected) or is_intrinsic(written):
        return _canonical(expected) == _canonical(written)
    if isinstance(expected, dict) or isinstance(written, dict):
        return _canonical(expected) == _canonical(written)
    return same_value(expected, written)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return str(value) if isinstance(value, str) else value


def _canonical(value: Any) -> str:
    return json.dumps(_plain(value), sort_keys=True, default=str)


def _shown_values(best: list[Site]) -> Any:
    values: list[Any] = []
    for site in best:
        shown = show(_plain(site.value))
        if shown not in values:
            values.append(shown)
    return values[:6] if len(values) > 1 else values[0]


def anchor_blocks(claims: list[Claim], final: ArtifactSet, model: ArtifactSet) -> None:
    """Mark quoted blocks that demonstrably quote their side's code: some setting of the block is
    found there (a resource type counts only for the resource the block names)."""
    blocks: dict[tuple[int, str], list[Claim]] = {}
    for claim in claims:
        if claim.concept == "snippet.value":
            blocks.setdefault((claim.extra.get("block_line", 0), claim.scope), []).append(claim)
    for (_line, scope), members in blocks.items():
        artifacts = model if scope == "model" else final
        anchored = False
        for claim in members:
            quote = Quote.of(claim, artifacts)
            if not quote.keys or artifacts.empty:
                continue
            if quote.keys[-1] == "Type" and (quote.owner not in _owner_names(artifacts) or not _resource_type_name(quote.expected)):
                continue  # any bucket matches a bare type; the named resource with its type does anchor
            if judge(quote, artifacts, artifacts)[0] == SUPPORTED:
                anchored = True
                break
        for claim in members:
            claim.extra["anchored"] = anchored
