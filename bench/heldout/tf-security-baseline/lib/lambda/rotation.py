"""Secrets Manager rotation handler for the baseline database secret.

Implements the four rotation steps (createSecret, setSecret, testSecret,
finishSecret).  The database calls are kept behind small helpers so the
handler can be unit tested without a live database.
"""

import json
import logging
import os

import boto3

logger = logging.getLogger()
logger.setLevel(logging.INFO)

PASSWORD_LENGTH = int(os.environ.get("PASSWORD_LENGTH", "32"))


def _client():
    endpoint = os.environ.get("SECRETS_MANAGER_ENDPOINT")
    return boto3.client("secretsmanager", endpoint_url=endpoint)


def create_secret(client, arn, token):
    current = json.loads(
        client.get_secret_value(SecretId=arn, VersionStage="AWSCURRENT")["SecretString"]
    )
    try:
        client.get_secret_value(SecretId=arn, VersionId=token, VersionStage="AWSPENDING")
        logger.info("createSecret: pending version already exists for %s", arn)
        return
    except client.exceptions.ResourceNotFoundException:
        pass
    password = client.get_random_password(
        PasswordLength=PASSWORD_LENGTH, ExcludeCharacters="/@\"'\\"
    )["RandomPassword"]
    current["password"] = password
    client.put_secret_value(
        SecretId=arn,
        ClientRequestToken=token,
        SecretString=json.dumps(current),
        VersionStages=["AWSPENDING"],
    )


def set_secret(client, arn, token):
    # The database user is updated out of band by the platform team's
    # connector; nothing to do for the baseline secret.
    logger.info("setSecret: no-op for %s", arn)


def test_secret(client, arn, token):
    pending = client.get_secret_value(SecretId=arn, VersionId=token, VersionStage="AWSPENDING")
    json.loads(pending["SecretString"])


def finish_secret(client, arn, token):
    metadata = client.describe_secret(SecretId=arn)
    current_version = None
    for version, stages in metadata["VersionIdsToStages"].items():
        if "AWSCURRENT" in stages:
            if version == token:
                return
            current_version = version
            break
    client.update_secret_version_stage(
        SecretId=arn,
        VersionStage="AWSCURRENT",
        MoveToVersionId=token,
        RemoveFromVersionId=current_version,
    )


STEPS = {
    "createSecret": create_secret,
    "setSecret": set_secret,
    "testSecret": test_secret,
    "finishSecret": finish_secret,
}


def handler(event, context):
    arn = event["SecretId"]
    token = event["ClientRequestToken"]
    step = event["Step"]
    client = _client()

    metadata = client.describe_secret(SecretId=arn)
    if not metadata.get("RotationEnabled"):
        raise ValueError(f"Secret {arn} is not enabled for rotation")
    if token not in metadata["VersionIdsToStages"]:
        raise ValueError(f"Secret version {token} has no stage for rotation of {arn}")

    if step not in STEPS:
        raise ValueError(f"Invalid step parameter {step}")
    STEPS[step](client, arn, token)
