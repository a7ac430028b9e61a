"""Ingest: reads S3 objects announced on the ingest queue and puts their records on Kinesis."""
import json
import os
from urllib.parse import unquote_plus

import boto3

s3 = boto3.client("s3")
kinesis = boto3.client("kinesis")
STREAM_NAME = os.environ["STREAM_NAME"]


def lambda_handler(event, context):
    failures = []
    for message in event.get("Records", []):
        try:
            body = json.loads(message["body"])
            for record in body.get("Records", []):
                bucket = record["s3"]["bucket"]["name"]
                key = unquote_plus(record["s3"]["object"]["key"])
                obj = s3.get_object(Bucket=bucket, Key=key)
                lines = [line for line in obj["Body"].read().decode().splitlines() if line]
                for start in range(0, len(lines), 500):
                    batch = lines[start:start + 500]
                    kinesis.put_records(
                        StreamName=STREAM_NAME,
                        Records=[{"Data": line.encode(), "PartitionKey": json.loads(line)["session_id"]} for line in batch],
                    )
        except Exception:  # noqa: BLE001 - reported back to SQS as a partial batch failure
            failures.append({"itemIdentifier": message["messageId"]})
    return {"batchItemFailures": failures}
