// Integration tests against the deployed clickstream pipeline (cfn-outputs/flat-outputs.json).
import * as fs from 'fs';
import * as path from 'path';
import { S3Client, GetBucketVersioningCommand, GetBucketEncryptionCommand, GetPublicAccessBlockCommand } from '@aws-sdk/client-s3';
import { SQSClient, GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { DynamoDBClient, DescribeTableCommand, DescribeContinuousBackupsCommand } from '@aws-sdk/client-dynamodb';
import { KinesisClient, DescribeStreamSummaryCommand } from '@aws-sdk/client-kinesis';
import { KMSClient, GetKeyRotationStatusCommand } from '@aws-sdk/client-kms';
import { LambdaClient, GetFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { EC2Client, DescribeSubnetsCommand } from '@aws-sdk/client-ec2';

const outputs = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../cfn-outputs/flat-outputs.json'), 'utf8'));
const region = process.env.AWS_REGION || 'eu-west-1';

const s3 = new S3Client({ region });
const sqs = new SQSClient({ region });
const dynamodb = new DynamoDBClient({ region });
const kinesis = new KinesisClient({ region });
const kms = new KMSClient({ region });
const lambda = new LambdaClient({ region });
const ec2 = new EC2Client({ region });

describe('clickstream pipeline (deployed)', () => {
  it('landing bucket has versioning enabled', async () => {
    const res = await s3.send(new GetBucketVersioningCommand({ Bucket: outputs.landing_bucket_name }));
    expect(res.Status).toBe('Enabled');
  });

  it('landing bucket is encrypted with KMS', async () => {
    const res = await s3.send(new GetBucketEncryptionCommand({ Bucket: outputs.landing_bucket_name }));
    expect(res.ServerSideEncryptionConfiguration?.Rules?.[0].ApplyServerSideEncryptionByDefault?.SSEAlgorithm).toBe('aws:kms');
  });

  it('landing bucket blocks public access', async () => {
    const res = await s3.send(new GetPublicAccessBlockCommand({ Bucket: outputs.landing_bucket_name }));
    expect(res.PublicAccessBlockConfiguration?.RestrictPublicBuckets).toBe(true);
  });

  it('ingest queue redrives to the DLQ', async () => {
    const res = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: outputs.ingest_queue_url, AttributeNames: ['RedrivePolicy'] }));
    expect(JSON.parse(res.Attributes!.RedrivePolicy!).maxReceiveCount).toBe(3);
  });

  it('DLQ retains messages for 14 days', async () => {
    const res = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: outputs.ingest_dlq_url, AttributeNames: ['MessageRetentionPeriod'] }));
    expect(res.Attributes!.MessageRetentionPeriod).toBe('1209600');
  });

  it('events table is on-demand with a stream', async () => {
    const res = await dynamodb.send(new DescribeTableCommand({ TableName: outputs.events_table_name }));
    expect(res.Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(res.Table?.StreamSpecification?.StreamViewType).toBe('NEW_AND_OLD_IMAGES');
  });

  it('events table has point-in-time recovery', async () => {
    const res = await dynamodb.send(new DescribeContinuousBackupsCommand({ TableName: outputs.events_table_name }));
    expect(res.ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus).toBe('ENABLED');
  });

  it('clickstream stream has two KMS-encrypted shards', async () => {
    const res = await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: outputs.clickstream_stream_name }));
    expect(res.StreamDescriptionSummary?.OpenShardCount).toBe(2);
    expect(res.StreamDescriptionSummary?.EncryptionType).toBe('KMS');
  });

  it('KMS key rotation is enabled', async () => {
    const res = await kms.send(new GetKeyRotationStatusCommand({ KeyId: outputs.kms_key_arn }));
    expect(res.KeyRotationEnabled).toBe(true);
  });

  it('ingest function has 1024 MB and python3.12', async () => {
    const res = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: JSON.parse(outputs.lambda_function_names).ingest }));
    expect(res.MemorySize).toBe(1024);
    expect(res.Runtime).toBe('python3.12');
  });

  it('stream processor runs outside the VPC', async () => {
    const res = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: JSON.parse(outputs.lambda_function_names).stream_processor }));
    expect(res.VpcConfig?.SubnetIds ?? []).toHaveLength(0);
  });

  it('three private subnets exist', async () => {
    const res = await ec2.send(new DescribeSubnetsCommand({ SubnetIds: JSON.parse(outputs.private_subnet_ids) }));
    expect(res.Subnets).toHaveLength(3);
  });
});
