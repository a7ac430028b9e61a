import * as cdk from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { TapStack } from '../lib/tap-stack';

const environmentSuffix = 'test';

describe('TapStack', () => {
  let template: Template;

  beforeAll(() => {
    const app = new cdk.App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new TapStack(app, 'TestTapStack', { environmentSuffix });
    template = Template.fromStack(stack);
  });

  describe('KMS', () => {
    test('data key has rotation enabled and a 7-day pending window', () => {
      template.hasResourceProperties('AWS::KMS::Key', {
        EnableKeyRotation: true,
        PendingWindowInDays: 7,
      });
    });

    test('data key alias carries the environment suffix', () => {
      template.hasResourceProperties('AWS::KMS::Alias', {
        AliasName: `alias/pipeline-data-${environmentSuffix}`,
      });
    });
  });

  describe('S3', () => {
    test('creates two buckets', () => {
      template.resourceCountIs('AWS::S3::Bucket', 2);
    });

    test('raw bucket is versioned and KMS encrypted', () => {
      template.hasResourceProperties('AWS::S3::Bucket', {
        VersioningConfiguration: { Status: 'Enabled' },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) }),
          ],
        },
      });
    });

    test('raw bucket tiers objects to IA after 30 days and Glacier after 90 days', () => {
      template.hasResourceProperties('AWS::S3::Bucket', {
        LifecycleConfiguration: {
          Rules: [
            Match.objectLike({
              ExpirationInDays: 365,
              Transitions: [
                { StorageClass: 'STANDARD_IA', TransitionInDays: 30 },
                { StorageClass: 'GLACIER', TransitionInDays: 90 },
              ],
            }),
          ],
        },
      });
    });

    test('archive bucket expires objects after 730 days', () => {
      template.hasResourceProperties('AWS::S3::Bucket', {
        LifecycleConfiguration: {
          Rules: [Match.objectLike({ ExpirationInDays: 730, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } })],
        },
      });
    });

    test.each([['pipeline-raw'], ['pipeline-archive']])('%s bucket blocks all public access', (prefix) => {
      template.hasResourceProperties('AWS::S3::Bucket', {
        BucketName: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([`${prefix}-${environmentSuffix}-`])] }),
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
      });
    });
  });

  describe('DynamoDB', () => {
    test('jobs table is on-demand with PITR', () => {
      template.hasResourceProperties('AWS::DynamoDB::Table', {
        TableName: `pipeline-jobs-${environmentSuffix}`,
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      });
    });

    test('jobs table has a status GSI and a TTL attribute', () => {
      template.hasResourceProperties('AWS::DynamoDB::Table', {
        GlobalSecondaryIndexes: [Match.objectLike({ IndexName: 'status-index' })],
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      });
    });

    test('jobs table is deleted with the stack', () => {
      template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Delete' });
    });
  });

  describe('SQS', () => {
    test('dead-letter queue keeps messages for 14 days', () => {
      template.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: `pipeline-jobs-dlq-${environmentSuffix}`,
        MessageRetentionPeriod: 1209600,
      });
    });

    test('jobs queue redrives to the DLQ after 3 receives', () => {
      template.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: `pipeline-jobs-${environmentSuffix}`,
        VisibilityTimeout: 360,
        RedrivePolicy: Match.objectLike({ maxReceiveCount: 3 }),
      });
    });
  });

  describe('Lambda', () => {
    test.each([
      [`pipeline-ingest-${environmentSuffix}`, 512, 29],
      [`pipeline-processor-${environmentSuffix}`, 1024, 60],
    ])('%s has memory %d MB and timeout %d s', (name, memory, timeout) => {
      template.hasResourceProperties('AWS::Lambda::Function', {
        FunctionName: name,
        MemorySize: memory,
        Timeout: timeout,
        Runtime: 'nodejs22.x',
        TracingConfig: { Mode: 'Active' },
      });
    });

    test('notifier runs on Python 3.12 with reserved concurrency', () => {
      template.hasResourceProperties('AWS::Lambda::Function', {
        FunctionName: `pipeline-notifier-${environmentSuffix}`,
        Runtime: 'python3.12',
        ReservedConcurrentExecutions: 2,
      });
    });

    test('processor consumes the queue with partial batch responses', () => {
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        BatchSize: 10,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
    });

    test('function log groups keep logs for 30 days', () => {
      template.resourcePropertiesCountIs('AWS::Logs::LogGroup', { RetentionInDays: 30 }, 2);
    });
  });

  describe('Network', () => {
    test('VPC has a single NAT gateway', () => {
      template.resourceCountIs('AWS::EC2::NatGateway', 1);
    });

    test('processor security group only allows HTTPS egress', () => {
      template.hasResourceProperties('AWS::EC2::SecurityGroup', {
        GroupDescription: 'Processor Lambda - HTTPS egress only',
        SecurityGroupEgress: [Match.objectLike({ FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' })],
      });
    });

    test('endpoint security group admits HTTPS from the processor', () => {
      template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
        FromPort: 443,
        ToPort: 443,
        SourceSecurityGroupId: Match.anyValue(),
      });
    });
  });

  describe('API Gateway', () => {
    test('API is regional', () => {
      template.hasResourceProperties('AWS::ApiGateway::RestApi', {
        EndpointConfiguration: { Types: ['REGIONAL'] },
      });
    });

    test('stage is throttled and traced', () => {
      template.hasResourceProperties('AWS::ApiGateway::Stage', {
        StageName: environmentSuffix,
        TracingEnabled: true,
        MethodSettings: [Match.objectLike({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 })],
      });
    });

    test('methods require IAM authorization', () => {
      template.resourcePropertiesCountIs('AWS::ApiGateway::Method', { AuthorizationType: 'AWS_IAM' }, 2);
    });
  });

  describe('Orchestration and monitoring', () => {
    test('state machine has tracing and a 15-minute timeout', () => {
      template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
        TracingConfiguration: { Enabled: true },
      });
    });

    test('nightly rule runs at 02:30 UTC', () => {
      template.hasResourceProperties('AWS::Events::Rule', {
        ScheduleExpression: 'cron(30 2 * * ? *)',
      });
    });

    test('creates three alarms wired to the alerts topic', () => {
      template.resourceCountIs('AWS::CloudWatch::Alarm', 3);
      template.allResourcesProperties('AWS::CloudWatch::Alarm', {
        AlarmActions: [Match.objectLike({ Ref: Match.stringLikeRegexp('AlertsTopic') })],
      });
    });

    test('exports the API URL and state machine ARN', () => {
      template.hasOutput('ApiUrl', {});
      template.hasOutput('StateMachineArn', {});
    });
  });
});
