// Integration tests: run after `cdk deploy` against the deployed stack's outputs.
import { DynamoDBClient, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import fs from 'fs';

const outputs = JSON.parse(fs.readFileSync('cfn-outputs/flat-outputs.json', 'utf8'));
const region = process.env.AWS_REGION || 'us-east-1';

describe('TapStack integration', () => {
  const ddb = new DynamoDBClient({ region });
  const sqs = new SQSClient({ region });

  test('outputs include the API URL', () => {
    expect(outputs.ApiUrl).toMatch(/^https:\/\/.+\.execute-api\..+\.amazonaws\.com\//);
  });

  test('jobs table is active and on-demand', async () => {
    const out = await ddb.send(new DescribeTableCommand({ TableName: outputs.JobsTableName }));
    expect(out.Table?.TableStatus).toBe('ACTIVE');
    expect(out.Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
  });

  test('jobs queue has a redrive policy', async () => {
    const out = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: outputs.JobsQueueUrl, AttributeNames: ['RedrivePolicy'] }));
    expect(JSON.parse(out.Attributes?.RedrivePolicy || '{}').maxReceiveCount).toBe(3);
  });

  test('unsigned POST /jobs is rejected', async () => {
    const res = await fetch(`${outputs.ApiUrl}jobs`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(403);
  });

  test('state machine ARN is exported', () => {
    expect(outputs.StateMachineArn).toMatch(/^arn:aws:states:/);
  });
});
