#!/usr/bin/env node
import * as cdk from 'aws-cdk-lib';
import { TapStack } from '../lib/tap-stack';

const app = new cdk.App();

// The suffix keeps parallel deployments (PR environments, dev, prod) apart.
const environmentSuffix = app.node.tryGetContext('environmentSuffix') || 'dev';

new TapStack(app, `TapStack${environmentSuffix}`, {
  stackName: `TapStack${environmentSuffix}`,
  environmentSuffix,
  alertEmail: 'pipeline-alerts@example.com',
  tags: { Repository: 'iac-test-automations', Author: 'synth' },
});
