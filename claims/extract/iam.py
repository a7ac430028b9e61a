"""IAM claims: actions granted or missing (`sns:Publish`), "only X permissions", wildcards in
actions or resources ("no wildcards", "exact ARNs"), and managed policies attached by name."""

from __future__ import annotations

import re
from collections.abc import Iterator

from claims import language
from claims.extract.base import _NOT_NAME_WORDS, Sentence, make_subject
from claims.model import Claim

ACTION = re.compile(r"(?<![\w/:.-])([a-z][a-z0-9-]{1,30}):((?:[A-Z][A-Za-z0-9]*\*?)|\*)(?![\w:/])")
MANAGED_POLICY = re.compile(r"\b(AWSLambda\w+|AWS\w+Policy\w*|Amazon\w+(?:Policy|Access|Role)\w*|\w+ReadOnlyAccess|AdministratorAccess|\w+FullAccess|CloudWatchAgentServerPolicy)\b")
NO_WILDCARD = re.compile(r"\b(?:no|without|zero|avoid(?:s|ed|ing)?|free of) (?:any )?wildcards?(?: (?:actions?|resources?|permissions?|ARNs?))?\b|\bexact (?:resource )?arns\b|\bno [`'\"]?\*[`'\"]? (?:resources?|actions?|permissions?)\b|\bnon-wildcard\b", re.I)
WILDCARD = re.compile(r"\bwildcards? (?:\(`?\*`?\) )?(?:actions?|resources?|permissions?)\b|\b(?:uses?|used|grants?|granted|has|had) (?:a )?wildcards?\b|\bResource:\s*[`'\"]?\*", re.I)
ONLY_SERVICE = re.compile(r"\bonly (?:had |has |have |grants? |granted )?(?:the )?([A-Za-z0-9]+) permissions?\b", re.I)
ONLY = re.compile(r"\bonly\b", re.I)
RESOURCE_POLICY = re.compile(r"\b(?:endpoint|bucket|key|queue|topic|resource|trust|assume[- ]role|secret|repository) polic(?:y|ies)\b", re.I)
IAM_CONTEXT = re.compile(r"\b(?:iam|polic(?:y|ies)|permissions?|roles?|actions?|grants?|granted|allow(?:s|ed)?|least[- ]privilege|arns?)\b", re.I)
IAM_WORDS = re.compile(r"\b(?:iam|polic(?:y|ies)|permissions?|roles?|actions?|grants?|granted|allow(?:s|ed)?|least[- ]privilege|exact (?:resource )?arns)\b", re.I)  # a bare "ARN" is not IAM
_SERVICE_PREFIX = {"dynamodb": "dynamodb", "s3": "s3", "sqs": "sqs", "sns": "sns", "kms": "kms", "lambda": "lambda", "logs": "logs", "cloudwatch": "cloudwatch", "xray": "xray", "x-ray": "xray", "ec2": "ec2", "secrets": "secretsmanager", "ssm": "ssm", "states": "states"}


def extract(sentence: Sentence) -> Iterator[Claim]:
    if sentence.advice:
        return
    text = sentence.text
    yield from _actions(sentence, text)
    if IAM_WORDS.search(text) or sentence.line.headings and any(IAM_CONTEXT.search(h) for _, h in sentence.line.headings[-1:]):
        m = NO_WILDCARD.search(text)
        if m:
            yield sentence.claim(m.start(), m.end(), "iam.wildcard", expected=False, polarity=False, subject=make_subject("iam"))
        else:
            m = WILDCARD.search(text)
            if m and not language.negated_before(text, m.start(), m.end()):
                yield sentence.claim(m.start(), m.end(), "iam.wildcard", expected=True, polarity=True, subject=make_subject("iam"))
        m = ONLY_SERVICE.search(text)
        if m and m.group(1).lower() in _SERVICE_PREFIX:
            yield sentence.claim(m.start(), m.end(), "iam.only_service", expected=_SERVICE_PREFIX[m.group(1).lower()],
                                 subject=make_subject("iam", _role_name(text)))
    for m in MANAGED_POLICY.finditer(text):
        polarity = not (language.negated_before(text, m.start(), m.end()) or sentence.negative_list)
        yield sentence.claim(m.start(), m.end(), "iam.managed_policy", expected=m.group(1), polarity=polarity, subject=make_subject("iam"))


def _actions(sentence: Sentence, text: str) -> Iterator[Claim]:
    matches = list(ACTION.finditer(text))
    if not matches:
        return
    left, _right = language.clause_bounds(text, matches[0].start())
    only_at = ONLY.search(text, left, matches[0].start())
    only = bool(only_at) and len(matches) <= 6 and not re.search(r"\b(?:and|but|so)\b", text[only_at.end() : matches[0].start()] if only_at else "")
    only = only and not RESOURCE_POLICY.search(text[:matches[0].start()])  # "the endpoint policy only allows": not a role's grants
    if only:
        actions = [f"{m.group(1)}:{m.group(2)}" for m in matches]
        yield sentence.claim(matches[0].start(), matches[-1].end(), "iam.only_actions", expected=actions, subject=make_subject("iam", _role_name(text)))
        return
    previous: tuple[int, bool] | None = None
    for m in matches:
        if m.group(1) in ("arn", "http", "https", "aws", "s3a"):
            continue
        polarity = not (language.negated_before(text, m.start(), m.end(), window=60) or sentence.negative_list)
        if previous is not None and not previous[1] and re.fullmatch(r"[\s`*,/&]*(?:and|or|nor)?[\s`*,/&]*", text[previous[0]:m.start()]):
            polarity = False  # "missing `kms:GenerateDataKey` and `kms:CreateGrant`": the negation covers the list
        previous = (m.end(), polarity)
        yield sentence.claim(m.start(), m.end(), "iam.action", expected=f"{m.group(1)}:{m.group(2)}", polarity=polarity,
                             subject=make_subject("iam", _role_name(text)))


_ROLE_OF = re.compile(r"\b(?:the |its |a )?([A-Za-z][\w-]{2,30}?(?: [a-z][\w-]{2,30}?)?)(?:'s)? (?:function'?s? |lambda'?s? |task'?s? |service )?"
                      r"(?:(?:execution |instance )?role|inline policy)\b", re.I)
_NOT_ROLE_NAMES = {"execution", "same", "iam", "lambda", "service", "task", "new", "one", "single", "function", "instance", "this",
                   "that", "each", "every", "separate", "dedicated", "the", "its", "their", "any", "no", "a", "an", "custom",
                   "final", "model", "original", "fixed", "its own", "own", "least-privilege", "admin", "administrator",
                   "service-linked", "linked", "assumed", "trusted", "cross-account", "federated"}


def _role_name(text: str) -> str | None:
    """The role a sentence is about: `ProcessorRole`, "the processor role", "the ingest function's role"."""
    m = re.search(r"\b([A-Z][A-Za-z0-9]+Role)\b", text)
    if m:
        return m.group(1)
    for m in _ROLE_OF.finditer(text):
        words = m.group(1).lower().split()
        if m.group(1).lower() not in _NOT_ROLE_NAMES and not any(w in _NOT_ROLE_NAMES or w in _NOT_NAME_WORDS for w in words):
            return m.group(1)
    return None
