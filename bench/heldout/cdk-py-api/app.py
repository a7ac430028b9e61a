#!/usr/bin/env python3
"""CDK entry point for the orders REST API (TapStack)."""
import os

import aws_cdk as cdk

from lib.tap_stack import TapStack

app = cdk.App()

environment_suffix = app.node.try_get_context("environmentSuffix") or "dev"

TapStack(
    app,
    f"TapStack{environment_suffix}",
    environment_suffix=environment_suffix,
    env=cdk.Environment(
        account=os.getenv("CDK_DEFAULT_ACCOUNT"),
        region=os.getenv("CDK_DEFAULT_REGION", "eu-west-1"),
    ),
    description="Orders REST API: API Gateway, Lambda, DynamoDB, S3, SQS and alarms",
)

cdk.Tags.of(app).add("Project", "orders-api")
cdk.Tags.of(app).add("Environment", environment_suffix)

app.synth()
