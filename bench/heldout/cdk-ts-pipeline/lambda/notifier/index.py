"""Nightly reconciliation: counts jobs stuck in QUEUED and returns a summary for the state machine."""
import os
from datetime import datetime, timedelta, timezone

import boto3
from boto3.dynamodb.conditions import Key

TABLE = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])


def handler(event, context):
    cutoff = (datetime.now(timezone.utc) - timedelta(hours=6)).isoformat()
    resp = TABLE.query(
        IndexName="status-index",
        KeyConditionExpression=Key("status").eq("QUEUED") & Key("createdAt").lt(cutoff),
    )
    stuck = resp.get("Count", 0)
    return {"stuck": stuck, "summary": f"{stuck} pipeline job(s) queued for more than 6 hours"}
