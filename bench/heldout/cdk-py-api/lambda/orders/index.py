"""Orders API handler: GET/POST /orders, GET/DELETE /orders/{orderId} (Lambda proxy integration)."""
import json
import os
import time
import uuid

import boto3

TABLE = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])
SQS = boto3.client("sqs")
QUEUE_URL = os.environ["QUEUE_URL"]
ORDER_TTL_SECONDS = 90 * 24 * 3600


def _response(status, body):
    return {"statusCode": status, "headers": {"Content-Type": "application/json"}, "body": json.dumps(body, default=str)}


def _create(event):
    payload = json.loads(event.get("body") or "{}")
    if "customer_id" not in payload or "items" not in payload:
        return _response(400, {"message": "customer_id and items are required"})
    order_id = str(uuid.uuid4())
    now = int(time.time())
    item = {
        "pk": f"ORDER#{order_id}",
        "sk": "META",
        "order_id": order_id,
        "customer_id": payload["customer_id"],
        "items": payload["items"],
        "status": "PENDING",
        "created_at": str(now),
        "expires_at": now + ORDER_TTL_SECONDS,
    }
    TABLE.put_item(Item=item, ConditionExpression="attribute_not_exists(pk)")
    SQS.send_message(QueueUrl=QUEUE_URL, MessageBody=json.dumps({"order_id": order_id, "type": "ORDER_CREATED"}))
    return _response(201, {"order_id": order_id, "status": "PENDING"})


def _get(order_id):
    result = TABLE.get_item(Key={"pk": f"ORDER#{order_id}", "sk": "META"})
    if "Item" not in result:
        return _response(404, {"message": "order not found"})
    return _response(200, result["Item"])


def _list(event):
    params = event.get("queryStringParameters") or {}
    customer_id = params.get("customer_id")
    if not customer_id:
        return _response(400, {"message": "customer_id query parameter is required"})
    result = TABLE.query(
        IndexName="by-customer",
        KeyConditionExpression="customer_id = :c",
        ExpressionAttributeValues={":c": customer_id},
        Limit=50,
    )
    return _response(200, {"orders": result.get("Items", [])})


def _delete(order_id):
    TABLE.delete_item(Key={"pk": f"ORDER#{order_id}", "sk": "META"})
    return _response(204, {})


def handler(event, context):
    method = event.get("httpMethod")
    order_id = (event.get("pathParameters") or {}).get("orderId")
    if method == "POST" and not order_id:
        return _create(event)
    if method == "GET" and order_id:
        return _get(order_id)
    if method == "GET":
        return _list(event)
    if method == "DELETE" and order_id:
        return _delete(order_id)
    return _response(405, {"message": "method not allowed"})
