"""Aggregator: counts new events per type in five-minute windows."""
import os
from collections import Counter

import boto3

table = boto3.resource("dynamodb").Table(os.environ["AGGREGATES_TABLE"])
WINDOW = int(os.environ.get("WINDOW_MINUTES", "5")) * 60


def lambda_handler(event, context):
    counts = Counter()
    for record in event["Records"]:
        image = record["dynamodb"]["NewImage"]
        ts = int(image["event_ts"]["N"])
        counts[(image["event_type"]["S"], ts - ts % WINDOW)] += 1
    for (event_type, window_start), count in counts.items():
        table.update_item(
            Key={"metric": f"events#{event_type}", "window_start": window_start},
            UpdateExpression="ADD #c :n",
            ExpressionAttributeNames={"#c": "count"},
            ExpressionAttributeValues={":n": count},
        )
    return {"windows": len(counts)}
