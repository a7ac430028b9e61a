"""Integration tests against the deployed stack (reads cfn-outputs/flat-outputs.json)."""
import json
import os
import time
import urllib.error
import urllib.request
from pathlib import Path

import boto3
import pytest

OUTPUTS_FILE = Path(__file__).resolve().parents[2] / "cfn-outputs" / "flat-outputs.json"
REGION = os.environ.get("AWS_REGION", "eu-west-1")


@pytest.fixture(scope="module")
def outputs():
    if not OUTPUTS_FILE.exists():
        pytest.skip("stack outputs not found; deploy the stack first")
    return json.loads(OUTPUTS_FILE.read_text())


def _request(url, method="GET", body=None, headers=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, json.loads(resp.read() or b"{}")
    except urllib.error.HTTPError as err:
        return err.code, {}


def test_table_exists_and_is_on_demand(outputs):
    table = boto3.client("dynamodb", region_name=REGION).describe_table(TableName=outputs["OrdersTableName"])["Table"]
    assert table["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"


def test_table_pitr_enabled(outputs):
    backups = boto3.client("dynamodb", region_name=REGION).describe_continuous_backups(TableName=outputs["OrdersTableName"])
    assert backups["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == "ENABLED"


def test_bucket_versioning_enabled(outputs):
    versioning = boto3.client("s3", region_name=REGION).get_bucket_versioning(Bucket=outputs["ReceiptsBucketName"])
    assert versioning["Status"] == "Enabled"


def test_bucket_blocks_public_access(outputs):
    config = boto3.client("s3", region_name=REGION).get_public_access_block(Bucket=outputs["ReceiptsBucketName"])
    assert all(config["PublicAccessBlockConfiguration"].values())


def test_queue_has_redrive_policy(outputs):
    attrs = boto3.client("sqs", region_name=REGION).get_queue_attributes(
        QueueUrl=outputs["OrderEventsQueueUrl"], AttributeNames=["RedrivePolicy", "VisibilityTimeout"]
    )["Attributes"]
    assert json.loads(attrs["RedrivePolicy"])["maxReceiveCount"] == 5
    assert attrs["VisibilityTimeout"] == "180"


def test_alarm_topic_has_subscription(outputs):
    subs = boto3.client("sns", region_name=REGION).list_subscriptions_by_topic(TopicArn=outputs["AlarmTopicArn"])
    assert any(s["Protocol"] == "email" for s in subs["Subscriptions"])


def test_list_orders_requires_customer_id(outputs):
    status, _ = _request(outputs["ApiUrl"] + "orders")
    assert status == 400


def test_post_without_api_key_is_forbidden(outputs):
    status, _ = _request(outputs["ApiUrl"] + "orders", method="POST", body={"customer_id": "c-1", "items": []})
    assert status == 403


def test_unknown_order_returns_404(outputs):
    status, _ = _request(outputs["ApiUrl"] + f"orders/does-not-exist-{int(time.time())}")
    assert status == 404
