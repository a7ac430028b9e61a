import * as cdk from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { TapStack } from '../lib/tap-stack';

const environmentSuffix = 'test';

describe('TapStack', () => {
  let app: cdk.App;
  let stack: TapStack;
  let template: Template;

  beforeAll(() => {
    app = new cdk.App();
    stack = new TapStack(app, 'TestTapStack', { environmentSuffix });
    template = Template.fromStack(stack);
  });

  describe('DynamoDB', () => {
    test('orders table uses on-demand billing', () => {
      template.hasResourceProperties('AWS::DynamoDB::Table', {
        TableName: `orders-${environmentSuffix}`,
        BillingMode: 'PAY_PER_REQUEST',
      });
    });

    test('orders table has point-in-time recovery enabled', () => {
      template.hasResourceProperties('AWS::DynamoDB::Table', {
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      });
    });

    test('orders table has the customer GSI', () => {
      template.hasResourceProperties('AWS::DynamoDB::Table', {
        GlobalSecondaryIndexes: [
          Match.objectLike({
            IndexName: 'customerId-createdAt-index',
            Projection: { ProjectionType: 'ALL' },
          }),
        ],
      });
    });

    test('orders table is destroyed with the stack', () => {
      template.hasResource('AWS::DynamoDB::Table', {
        DeletionPolicy: 'Delete',
        UpdateReplacePolicy: 'Delete',
      });
    });
  });

  describe('SQS', () => {
    test('creates three queues', () => {
      template.resourceCountIs('AWS::SQS::Queue', 3);
    });

    test('processing queue outlives the consumer timeout and redrives after 5 receives', () => {
      template.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: `order-processing-${environmentSuffix}`,
        VisibilityTimeout: 180,
        RedrivePolicy: Match.objectLike({ maxReceiveCount: 5 }),
      });
    });

    test('dead-letter queue keeps messages for 14 days', () => {
      template.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: `order-dlq-${environmentSuffix}`,
        MessageRetentionPeriod: 1209600,
      });
    });

    test('notification queue redrives after 3 receives', () => {
      template.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: `order-notifications-${environmentSuffix}`,
        RedrivePolicy: Match.objectLike({ maxReceiveCount: 3 }),
      });
    });
  });

  describe('SNS and KMS', () => {
    test('alerts key has rotation enabled', () => {
      template.hasResourceProperties('AWS::KMS::Key', {
        EnableKeyRotation: true,
      });
    });

    test('alerts topic is encrypted with the CMK', () => {
      template.hasResourceProperties('AWS::SNS::Topic', {
        TopicName: `order-alerts-${environmentSuffix}`,
        KmsMasterKeyId: Match.anyValue(),
      });
    });
  });

  describe('Lambda', () => {
    test('validate-order function is sized correctly', () => {
      template.hasResourceProperties('AWS::Lambda::Function', {
        FunctionName: `validate-order-${environmentSuffix}`,
        Runtime: 'nodejs20.x',
        MemorySize: 256,
        Timeout: 10,
      });
    });

    test('process-payment function has reserved concurrency', () => {
      template.hasResourceProperties('AWS::Lambda::Function', {
        FunctionName: `process-payment-${environmentSuffix}`,
        MemorySize: 512,
        Timeout: 30,
        ReservedConcurrentExecutions: 20,
      });
    });

    test('cancel-order function times out after 60 seconds', () => {
      template.hasResourceProperties('AWS::Lambda::Function', {
        FunctionName: `cancel-order-${environmentSuffix}`,
        Timeout: 60,
      });
    });

    test('notify-customer function times out after 15 seconds', () => {
      template.hasResourceProperties('AWS::Lambda::Function', {
        FunctionName: `notify-customer-${environmentSuffix}`,
        Timeout: 15,
      });
    });

    test('queue consumers are wired with event source mappings', () => {
      template.resourceCountIs('AWS::Lambda::EventSourceMapping', 2);
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        BatchSize: 5,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
    });
  });

  describe('Step Functions', () => {
    test('state machine has X-Ray tracing enabled', () => {
      template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
        StateMachineName: `order-workflow-${environmentSuffix}`,
        TracingConfiguration: { Enabled: true },
      });
    });

    test('state machine logs all events', () => {
      template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
        LoggingConfiguration: Match.objectLike({
          Level: 'ALL',
          IncludeExecutionData: true,
        }),
      });
    });
  });

  describe('EventBridge', () => {
    test('event bus name includes the environment suffix', () => {
      template.hasResourceProperties('AWS::Events::EventBus', {
        Name: `orders-${environmentSuffix}`,
      });
    });

    test('creates three rules', () => {
      template.resourceCountIs('AWS::Events::Rule', 3);
    });

    test('order placed rule matches OrderPlaced events', () => {
      template.hasResourceProperties('AWS::Events::Rule', {
        EventPattern: {
          source: ['com.tap.orders'],
          'detail-type': ['OrderPlaced'],
        },
      });
    });

    test('high-value payment rule filters on amount', () => {
      template.hasResourceProperties('AWS::Events::Rule', {
        EventPattern: Match.objectLike({
          detail: { amount: [{ numeric: ['>=', 1000] }] },
        }),
      });
    });

    test('archive keeps events for 30 days', () => {
      template.hasResourceProperties('AWS::Events::Archive', {
        RetentionDays: 30,
      });
    });
  });

  describe('Monitoring', () => {
    test('creates three alarms', () => {
      template.resourceCountIs('AWS::CloudWatch::Alarm', 3);
    });

    test('dead-letter queue alarm fires on the first message', () => {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Threshold: 1,
        EvaluationPeriods: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
    });

    test('creates the dashboard', () => {
      template.hasResourceProperties('AWS::CloudWatch::Dashboard', {
        DashboardName: `order-processing-${environmentSuffix}`,
      });
    });
  });

  describe('Outputs', () => {
    test('exports the identifiers integration tests need', () => {
      const outputs = template.findOutputs('*');
      expect(Object.keys(outputs)).toEqual(
        expect.arrayContaining([
          'EventBusName',
          'StateMachineArn',
          'OrdersTableName',
          'ProcessingQueueUrl',
          'NotificationQueueUrl',
          'DeadLetterQueueUrl',
          'AlertsTopicArn',
        ])
      );
    });
  });

  describe('environmentSuffix', () => {
    test('falls back to context and then to dev', () => {
      const ctxApp = new cdk.App({ context: { environmentSuffix: 'ctx' } });
      const ctxTemplate = Template.fromStack(new TapStack(ctxApp, 'CtxStack'));
      ctxTemplate.hasResourceProperties('AWS::DynamoDB::Table', {
        TableName: 'orders-ctx',
      });

      const defaultApp = new cdk.App();
      const defaultTemplate = Template.fromStack(
        new TapStack(defaultApp, 'DefaultStack')
      );
      defaultTemplate.hasResourceProperties('AWS::DynamoDB::Table', {
        TableName: 'orders-dev',
      });
    });
  });
});
