// Moves a raw upload into the archive bucket and marks the job done; reports partial batch failures.
import { DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { CopyObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';

const ddb = new DynamoDBClient({});
const s3 = new S3Client({});

export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const failures: { itemIdentifier: string }[] = [];
  for (const record of event.Records) {
    try {
      const { jobId, createdAt, objectKey } = JSON.parse(record.body);
      await s3.send(new CopyObjectCommand({
        Bucket: process.env.ARCHIVE_BUCKET,
        Key: objectKey,
        CopySource: `${process.env.RAW_BUCKET}/${objectKey}`,
      }));
      await ddb.send(new UpdateItemCommand({
        TableName: process.env.TABLE_NAME,
        Key: { jobId: { S: jobId }, createdAt: { S: createdAt } },
        UpdateExpression: 'SET #s = :done',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':done': { S: 'DONE' } },
      }));
    } catch (err) {
      console.error('job failed', record.messageId, err);
      failures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures: failures };
};
