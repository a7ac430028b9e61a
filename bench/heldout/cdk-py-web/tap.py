#!/usr/bin/env python3
"""CDK application entry point for the TAP containerised web service."""
import os

import aws_cdk as cdk

from lib.tap_stack import TapStack, TapStackProps

app = cdk.App()

# The environment suffix separates parallel deployments (dev, pr1234, prod ...)
environment_suffix = app.node.try_get_context("environmentSuffix") or "dev"
stack_name = f"TapStack{environment_suffix}"

TapStack(
    app,
    stack_name,
    props=TapStackProps(environment_suffix=environment_suffix),
    env=cdk.Environment(
        account=os.getenv("CDK_DEFAULT_ACCOUNT"),
        region=os.getenv("CDK_DEFAULT_REGION"),
    ),
)

cdk.Tags.of(app).add("Project", "tap-web")
cdk.Tags.of(app).add("Environment", environment_suffix)

app.synth()
