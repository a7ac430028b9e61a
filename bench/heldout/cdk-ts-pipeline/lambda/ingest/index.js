// Accepts a job submission (POST /jobs) or returns a job (GET /jobs/{jobId}).
const { DynamoDBClient, PutItemCommand, QueryCommand } = require('@aws-sdk/client-dynamodb');
const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs');
const { randomUUID } = require('crypto');

const ddb = new DynamoDBClient({});
const sqs = new SQSClient({});

exports.handler = async (event) => {
  if (event.httpMethod === 'GET') {
    const jobId = event.pathParameters.jobId;
    const out = await ddb.send(new QueryCommand({
      TableName: process.env.TABLE_NAME,
      KeyConditionExpression: 'jobId = :j',
      ExpressionAttributeValues: { ':j': { S: jobId } },
    }));
    if (!out.Items || out.Items.length === 0) return { statusCode: 404, body: '{"error":"not found"}' };
    return { statusCode: 200, body: JSON.stringify(out.Items[0]) };
  }
  const body = JSON.parse(event.body || '{}');
  if (!body.objectKey) return { statusCode: 400, body: '{"error":"objectKey is required"}' };
  const jobId = randomUUID();
  const createdAt = new Date().toISOString();
  const expiresAt = Math.floor(Date.now() / 1000) + 90 * 24 * 3600;
  await ddb.send(new PutItemCommand({
    TableName: process.env.TABLE_NAME,
    Item: {
      jobId: { S: jobId }, createdAt: { S: createdAt }, status: { S: 'QUEUED' },
      objectKey: { S: body.objectKey }, expiresAt: { N: String(expiresAt) },
    },
  }));
  await sqs.send(new SendMessageCommand({
    QueueUrl: process.env.QUEUE_URL,
    MessageBody: JSON.stringify({ jobId, createdAt, objectKey: body.objectKey }),
  }));
  return { statusCode: 202, body: JSON.stringify({ jobId }) };
};
