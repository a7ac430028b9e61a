import fs from 'fs';
import path from 'path';

const template = JSON.parse(fs.readFileSync(path.join(__dirname, '../lib/TapStack.json'), 'utf8'));
const resources = template.Resources;

describe('TapStack template', () => {
  test('has a description', () => {
    expect(template.Description).toBeDefined();
  });

  describe('parameters', () => {
    test.each([['EnvironmentSuffix'], ['LogLevel'], ['AlertEmail']])('declares %s', (name) => {
      expect(template.Parameters[name]).toBeDefined();
    });
    test('EnvironmentSuffix defaults to dev', () => {
      expect(template.Parameters.EnvironmentSuffix.Default).toBe('dev');
    });
  });

  describe('resource types', () => {
    test.each([
      ['OrderEventsQueue', 'AWS::SQS::Queue'],
      ['OrderEventsDLQ', 'AWS::SQS::Queue'],
      ['OrderEventsQueuePolicy', 'AWS::SQS::QueuePolicy'],
      ['OrderPlacedRule', 'AWS::Events::Rule'],
      ['NotificationTopic', 'AWS::SNS::Topic'],
      ['ConsumerRole', 'AWS::IAM::Role'],
      ['ConsumerLogGroup', 'AWS::Logs::LogGroup'],
      ['ConsumerFunction', 'AWS::Lambda::Function'],
      ['ConsumerMapping', 'AWS::Lambda::EventSourceMapping'],
      ['DLQDepthAlarm', 'AWS::CloudWatch::Alarm'],
    ])('%s is a %s', (id, type) => {
      expect(resources[id].Type).toBe(type);
    });
  });

  describe('queue', () => {
    test('visibility timeout is six times the function timeout', () => {
      expect(resources.OrderEventsQueue.Properties.VisibilityTimeout).toBe(180);
    });
    test('redrives to the DLQ after three receives', () => {
      expect(resources.OrderEventsQueue.Properties.RedrivePolicy.maxReceiveCount).toBe(3);
    });
    test('DLQ keeps messages for 14 days', () => {
      expect(resources.OrderEventsDLQ.Properties.MessageRetentionPeriod).toBe(1209600);
    });
    test('DLQ is retained on delete', () => {
      expect(resources.OrderEventsDLQ.DeletionPolicy).toBe('Retain');
    });
  });

  describe('consumer function', () => {
    const fn = () => resources.ConsumerFunction.Properties;
    test('runs on nodejs20.x', () => expect(fn().Runtime).toBe('nodejs20.x'));
    test('has 256 MB of memory', () => expect(fn().MemorySize).toBe(256));
    test('times out after 30 seconds', () => expect(fn().Timeout).toBe(30));
    test('reads the topic ARN from its environment', () => {
      expect(fn().Environment.Variables.TOPIC_ARN).toEqual({ Ref: 'NotificationTopic' });
    });
    test.skip('reserved concurrency is set', () => {
      expect(fn().ReservedConcurrentExecutions).toBeDefined();
    });
  });

  describe('event source mapping', () => {
    const mapping = () => resources.ConsumerMapping.Properties;
    test('batches 10 messages', () => expect(mapping().BatchSize).toBe(10));
    test('waits at most 5 seconds', () => expect(mapping().MaximumBatchingWindowInSeconds).toBe(5));
    test('reports partial batch failures', () => {
      expect(mapping().FunctionResponseTypes).toContain('ReportBatchItemFailures');
    });
  });

  describe('permissions', () => {
    const statements = () => resources.ConsumerRole.Properties.Policies[0].PolicyDocument.Statement;
    test('allows sns:Publish', () => {
      expect(statements().some((s: any) => [].concat(s.Action).includes('sns:Publish'))).toBe(true);
    });
    test('allows sqs:ReceiveMessage', () => {
      expect(statements().some((s: any) => [].concat(s.Action).includes('sqs:ReceiveMessage'))).toBe(true);
    });
    test.todo('denies everything else');
  });

  test('log group keeps logs for 7 days', () => {
    expect(resources.ConsumerLogGroup.Properties.RetentionInDays).toBe(7);
  });
  test('alarm watches the DLQ depth', () => {
    expect(resources.DLQDepthAlarm.Properties.MetricName).toBe('ApproximateNumberOfMessagesVisible');
  });
});
