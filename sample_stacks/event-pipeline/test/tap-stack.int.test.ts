import fs from 'fs';

// Outputs written by the deployment step (cfn-outputs/flat-outputs.json).
const outputsFile = 'cfn-outputs/flat-outputs.json';
const outputs: Record<string, string> = fs.existsSync(outputsFile)
  ? JSON.parse(fs.readFileSync(outputsFile, 'utf8'))
  : {};

describe('deployed event pipeline', () => {
  test('exports the queue URL', () => expect(outputs.QueueUrl).toMatch(/^https:\/\/sqs\./));
  test('exports the DLQ URL', () => expect(outputs.DLQUrl).toMatch(/dlq/));
  test('exports the topic ARN', () => expect(outputs.TopicArn).toMatch(/^arn:aws:sns:/));
  test('exports the function name', () => expect(outputs.FunctionName).toContain('order-consumer'));
  test('queue name carries the environment suffix', () => expect(outputs.QueueUrl).toMatch(/-dev$/));
  test('topic name carries the environment suffix', () => expect(outputs.TopicArn).toMatch(/-dev$/));
  test('function name carries the environment suffix', () => expect(outputs.FunctionName).toMatch(/-dev$/));
  test('rule name is exported', () => expect(outputs.RuleName).toBeDefined());
});
