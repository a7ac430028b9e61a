"""IAM policy documents in Terraform: ``data "aws_iam_policy_document"`` blocks and JSON text.

``document_from_values`` turns the native values of a policy document data source (statement
blocks with actions, resources, principals, conditions) into the IAM JSON shape
(``Statement`` list with ``Effect``/``Action``/``Resource``/``Principal``/``Condition``), as
Terraform renders it. ``parse_policy`` turns a policy attribute's value (JSON text from
``jsonencode``, a heredoc or the data source) into a dict; the ``${...}`` placeholders an
unknown part left in the text come back as ``Unresolved`` values.
"""

from __future__ import annotations

import json
import re
from typing import Any

from verifier.model import Unresolved
from verifier.terraform.functions import jsonencode

_PLACEHOLDER = re.compile(r"\$\{([^}]*)\}")
_REFERENCE = re.compile(r"^[A-Za-z_][\w-]*(?:\.[\w-]+|\[[^\]]*\])+$")

STATEMENT_FIELDS = (  # native name -> IAM JSON key, in IAM's order
    ("sid", "Sid"),
    ("actions", "Action"),
    ("not_actions", "NotAction"),
    ("resources", "Resource"),
    ("not_resources", "NotResource"),
)
PRINCIPAL_FIELDS = (("principals", "Principal"), ("not_principals", "NotPrincipal"))


def _single(values: Any) -> Any:
    """Terraform renders a one-item list as the item itself."""
    if isinstance(values, list) and len(values) == 1:
        return values[0]
    return values


NATIVE_NAMES = {"Sid": "sid", "Effect": "effect", "Action": "actions", "NotAction": "not_actions", "Resource": "resources",
                "NotResource": "not_resources", "Principal": "principals", "NotPrincipal": "not_principals",
                "Condition": "condition"}


def _statement(native: Any) -> Any:
    if not isinstance(native, dict):
        return native
    statement: dict[str, Any] = {"Sid": native["sid"]} if native.get("sid") is not None else {}
    statement["Effect"] = native.get("effect") if native.get("effect") is not None else "Allow"
    for name, key in STATEMENT_FIELDS[1:]:
        if native.get(name) is not None:
            statement[key] = _single(native[name])
    for name, key in PRINCIPAL_FIELDS:
        blocks = native.get(name)
        if isinstance(blocks, list) and blocks:
            principal: dict[str, Any] = {}
            for block in blocks:
                if isinstance(block, dict):
                    kind, ids = str(block.get("type", "AWS")), block.get("identifiers")
                    previous = principal.get(kind)
                    merged = (previous if isinstance(previous, list) else [previous] if previous else []) + (ids if isinstance(ids, list) else [ids])
                    principal[kind] = _single(merged)
            statement[key] = "*" if principal == {"*": "*"} else principal
    conditions = native.get("condition")
    if isinstance(conditions, list) and conditions:
        condition: dict[str, Any] = {}
        for block in conditions:
            if isinstance(block, dict):
                condition.setdefault(str(block.get("test")), {})[str(block.get("variable"))] = _single(block.get("values"))
        statement["Condition"] = condition
    return statement


def document_from_values(native: dict[str, Any]) -> tuple[dict[str, Any], dict[tuple[Any, ...], tuple[Any, ...]]]:
    """The IAM JSON document a ``data "aws_iam_policy_document"`` renders, and for each document
    path (``("Statement", 0, "Action")``) the native path it comes from (``("statement", 0, "actions")``)."""
    statements: list[Any] = []
    origins: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    for source in native.get("source_policy_documents") or []:
        parsed = parse_policy(source)
        if isinstance(parsed, dict) and isinstance(parsed.get("Statement"), list):
            statements.extend(parsed["Statement"])
    for index, block in enumerate(native.get("statement") or []):
        position = len(statements)
        statement = _statement(block)
        statements.append(statement)
        origins[("Statement", position)] = ("statement", index)
        for key in statement if isinstance(statement, dict) else ():
            origins[("Statement", position, key)] = ("statement", index, NATIVE_NAMES.get(key, key))
    return {"Version": native.get("version") or "2012-10-17", "Statement": statements}, origins


def document_json(native: dict[str, Any]) -> Any:
    """The data source's ``json`` attribute: text, or an unresolved ``Sub`` with placeholders."""
    return jsonencode(document_from_values(native)[0])


def parse_policy(value: Any) -> Any:
    """JSON text (a policy, a container list) as data, placeholders restored; anything else unchanged."""
    if isinstance(value, (dict, list)):
        return value
    unknown = isinstance(value, Unresolved) and value.kind == "Sub"
    text = value.text if unknown else value
    if not isinstance(text, str) or not text.strip().startswith(("{", "[")):
        return value
    try:
        parsed = json.loads(text)
    except (ValueError, RecursionError):  # RecursionError: nested too deeply to decode
        return value
    return _restore(parsed) if unknown else parsed


def _restore(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _restore(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_restore(v) for v in node]
    if isinstance(node, str) and "${" in node:
        whole = _PLACEHOLDER.fullmatch(node)
        if whole and _REFERENCE.match(whole.group(1)):
            return Unresolved("Ref", whole.group(1))
        return Unresolved("Sub", node)
    return node
