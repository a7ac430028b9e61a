#!/usr/bin/env node
import 'source-map-support/register';
import * as cdk from 'aws-cdk-lib';
import { TapStack } from '../lib/tap-stack';

const app = new cdk.App();

// The CI pipeline passes -c environmentSuffix=<pr-number>; local runs fall back to dev.
const environmentSuffix = app.node.tryGetContext('environmentSuffix') || 'dev';

cdk.Tags.of(app).add('Project', 'order-processing');
cdk.Tags.of(app).add('Environment', environmentSuffix);

new TapStack(app, `TapStack${environmentSuffix}`, {
  stackName: `TapStack${environmentSuffix}`,
  environmentSuffix,
  env: {
    account: process.env.CDK_DEFAULT_ACCOUNT,
    region: process.env.CDK_DEFAULT_REGION,
  },
});
