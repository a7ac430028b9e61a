const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, UpdateCommand } = require('@aws-sdk/lib-dynamodb');
const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs');

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const sqs = new SQSClient({});

exports.handler = async (event) => {
  const batchItemFailures = [];

  for (const record of event.Records) {
    try {
      const envelope = JSON.parse(record.body);
      const { orderId, createdAt, customerId } = envelope.detail;

      await ddb.send(
        new UpdateCommand({
          TableName: process.env.TABLE_NAME,
          Key: { orderId, createdAt },
          UpdateExpression: 'SET #s = :cancelled',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':cancelled': 'CANCELLED' },
        })
      );

      await sqs.send(
        new SendMessageCommand({
          QueueUrl: process.env.NOTIFICATION_QUEUE_URL,
          MessageBody: JSON.stringify({ orderId, customerId, type: 'CANCELLED' }),
        })
      );
    } catch (err) {
      console.error('Failed to cancel order', record.messageId, err);
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }

  return { batchItemFailures };
};
