#!/usr/bin/env python3
import aws_cdk as cdk

from lib.tap_stack import TapStack, TapStackProps

app = cdk.App()
environment_suffix = app.node.try_get_context("environmentSuffix") or "dev"

TapStack(
    app,
    f"IngestStack{environment_suffix}",
    props=TapStackProps(environment_suffix=environment_suffix),
)

app.synth()
