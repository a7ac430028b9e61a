"""Stream processor: writes clickstream records from Kinesis to the events table."""
import base64
import json
import os
import time

import boto3

table = boto3.resource("dynamodb").Table(os.environ["EVENTS_TABLE"])
TTL_DAYS = int(os.environ.get("TTL_DAYS", "90"))


def lambda_handler(event, context):
    with table.batch_writer() as batch:
        for record in event["Records"]:
            data = json.loads(base64.b64decode(record["kinesis"]["data"]))
            batch.put_item(Item={
                "pk": f"SESSION#{data['session_id']}",
                "sk": f"{data['event_ts']}#{data['event_id']}",
                "session_id": data["session_id"],
                "event_type": data["event_type"],
                "event_ts": int(data["event_ts"]),
                "payload": json.dumps(data.get("payload", {})),
                "expires_at": int(time.time()) + TTL_DAYS * 86400,
            })
    return {"written": len(event["Records"])}
