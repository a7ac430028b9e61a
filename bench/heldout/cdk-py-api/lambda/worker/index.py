"""Order worker: drains the order-events queue, marks orders CONFIRMED and stores a receipt in S3."""
import json
import os
import time

import boto3

TABLE = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])
S3 = boto3.client("s3")
CLOUDWATCH = boto3.client("cloudwatch")
BUCKET = os.environ["RECEIPTS_BUCKET"]


def _process(message):
    body = json.loads(message["body"])
    order_id = body["order_id"]
    TABLE.update_item(
        Key={"pk": f"ORDER#{order_id}", "sk": "META"},
        UpdateExpression="SET #s = :s, confirmed_at = :t",
        ExpressionAttributeNames={"#s": "status"},
        ExpressionAttributeValues={":s": "CONFIRMED", ":t": str(int(time.time()))},
    )
    receipt = {"order_id": order_id, "status": "CONFIRMED", "event": body.get("type")}
    S3.put_object(Bucket=BUCKET, Key=f"receipts/{order_id}.json", Body=json.dumps(receipt).encode())


def handler(event, context):
    failures = []
    for record in event.get("Records", []):
        try:
            _process(record)
        except Exception:  # noqa: BLE001 - report the message back to SQS, keep the batch going
            failures.append({"itemIdentifier": record["messageId"]})
    CLOUDWATCH.put_metric_data(
        Namespace="OrdersApi",
        MetricData=[{"MetricName": "OrdersConfirmed", "Value": len(event.get("Records", [])) - len(failures), "Unit": "Count"}],
    )
    return {"batchItemFailures": failures}
