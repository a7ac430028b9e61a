import json
import os


def handler(event, context):
    print(json.dumps({"bucket": os.environ.get("BUCKET"), "event": event}))
    return {"collected": 0}
