// Static unit tests for the clickstream pipeline Terraform configuration (lib/*.tf).
import * as fs from 'fs';
import * as path from 'path';

const LIB = path.resolve(__dirname, '../lib');
const read = (file: string): string => fs.readFileSync(path.join(LIB, file), 'utf8');

const provider = read('provider.tf');
const variables = read('variables.tf');
const tfvars = read('terraform.tfvars');
const locals = read('locals.tf');
const kms = read('kms.tf');
const s3 = read('s3.tf');
const sqs = read('sqs.tf');
const dynamodb = read('dynamodb.tf');
const kinesis = read('kinesis.tf');
const lambda = read('lambda.tf');
const iam = read('iam.tf');
const network = read('network.tf');
const monitoring = read('monitoring.tf');
const outputs = read('outputs.tf');
const moduleMain = read('modules/lambda_function/main.tf');
const moduleVariables = read('modules/lambda_function/variables.tf');

describe('provider and variables', () => {
  test('pins the AWS provider to 5.x', () => {
    expect(provider).toMatch(/version\s*=\s*"~> 5\.40"/);
  });

  test('provider region comes from var.aws_region', () => {
    expect(provider).toMatch(/region\s*=\s*var\.aws_region/);
  });

  test('uses a partial S3 backend', () => {
    expect(provider).toMatch(/backend\s+"s3"\s*{}/);
  });

  test('tfvars deploys to eu-west-1', () => {
    expect(tfvars).toMatch(/aws_region\s*=\s*"eu-west-1"/);
  });

  test('environment variable is validated', () => {
    expect(variables).toMatch(/contains\(\["dev", "staging", "production"\]/);
  });

  test('name prefix is built from project name and suffix', () => {
    expect(locals).toMatch(/name_prefix\s*=\s*"\$\{var\.project_name\}-\$\{var\.environment_suffix\}"/);
  });
});

describe('encryption', () => {
  test('KMS key rotation is enabled', () => {
    expect(kms).toMatch(/enable_key_rotation\s*=\s*true/);
  });

  test('KMS key has an alias', () => {
    expect(kms).toMatch(/resource "aws_kms_alias" "data"/);
  });

  test('landing bucket uses SSE-KMS with a bucket key', () => {
    expect(s3).toMatch(/sse_algorithm\s*=\s*"aws:kms"/);
    expect(s3).toMatch(/bucket_key_enabled\s*=\s*true/);
  });

  test('Kinesis stream is KMS encrypted', () => {
    expect(kinesis).toMatch(/encryption_type\s*=\s*"KMS"/);
  });

  test('SNS topic is encrypted', () => {
    expect(monitoring).toMatch(/kms_master_key_id\s*=\s*aws_kms_key\.data\.id/);
  });
});

describe('S3', () => {
  test('landing bucket versioning is enabled', () => {
    expect(s3).toMatch(/status\s*=\s*"Enabled"/);
  });

  test('public access is blocked on both buckets', () => {
    expect((s3.match(/restrict_public_buckets\s*=\s*true/g) || []).length).toBe(2);
  });

  test('lifecycle tiers raw objects to STANDARD_IA and GLACIER', () => {
    expect(s3).toMatch(/storage_class\s*=\s*"STANDARD_IA"/);
    expect(s3).toMatch(/storage_class\s*=\s*"GLACIER"/);
  });

  test('bucket policy denies insecure transport', () => {
    expect(s3).toMatch(/aws:SecureTransport/);
  });

  test('bucket notifications go to the ingest queue', () => {
    expect(s3).toMatch(/queue_arn\s*=\s*aws_sqs_queue\.ingest\.arn/);
  });
});

describe('SQS', () => {
  test('ingest queue has a redrive policy to the DLQ', () => {
    expect(sqs).toMatch(/deadLetterTargetArn\s*=\s*aws_sqs_queue\.ingest_dlq\.arn/);
  });

  test('visibility timeout is derived from the function timeout', () => {
    expect(locals).toMatch(/queue_visibility_timeout\s*=\s*var\.lambda_timeout \* 6/);
  });

  test('queue policy is restricted to the landing bucket', () => {
    expect(sqs).toMatch(/ArnEquals/);
  });
});

describe('DynamoDB', () => {
  test('events table is on-demand', () => {
    expect(dynamodb).toMatch(/billing_mode\s*=\s*"PAY_PER_REQUEST"/);
  });

  test('events table has point-in-time recovery', () => {
    expect(dynamodb).toMatch(/point_in_time_recovery\s*{\s*enabled\s*=\s*true/);
  });

  test('events table streams new and old images', () => {
    expect(dynamodb).toMatch(/stream_view_type\s*=\s*"NEW_AND_OLD_IMAGES"/);
  });

  test('events table has two GSIs', () => {
    expect((dynamodb.match(/global_secondary_index\s*{/g) || []).length).toBe(2);
  });
});

describe('Lambda', () => {
  test('both module functions use the local module', () => {
    expect((lambda.match(/source\s*=\s*"\.\/modules\/lambda_function"/g) || []).length).toBe(2);
  });

  test('ingest reserved concurrency comes from the conditional local', () => {
    expect(locals).toMatch(/ingest_reserved_concurrency\s*=\s*local\.is_production \? 50 : 10/);
  });

  test('stream processor runs python3.12 on x86_64', () => {
    expect(lambda).toMatch(/runtime\s*=\s*"python3\.12"/);
    expect(lambda).toMatch(/architectures\s*=\s*\["x86_64"\]/);
  });

  test('module attaches the VPC access policy only with subnets', () => {
    expect(moduleMain).toMatch(/count = length\(var\.subnet_ids\) > 0 \? 1 : 0/);
  });

  test('module defaults to arm64', () => {
    expect(moduleVariables).toMatch(/default\s*=\s*\["arm64"\]/);
  });
});

describe('IAM and network', () => {
  test('ingest policy only reads incoming/ objects', () => {
    expect(iam).toMatch(/\/incoming\/\*/);
  });

  test('no policy grants dynamodb:*', () => {
    expect(iam).not.toMatch(/dynamodb:\*/);
  });

  test('subnets are expanded with count', () => {
    expect(network).toMatch(/count = var\.az_count/);
  });

  test('endpoints security group only admits the Lambda group', () => {
    expect(network).toMatch(/security_groups\s*=\s*\[aws_security_group\.lambda\.id\]/);
  });
});

describe('monitoring and outputs', () => {
  test.each([
    ['lambda_errors'],
    ['dlq_depth'],
    ['iterator_age'],
  ])('alarm %s is defined', (name) => {
    expect(monitoring).toContain(`"aws_cloudwatch_metric_alarm" "${name}`);
  });

  test('exports the expected outputs', () => {
    for (const name of ['landing_bucket_name', 'ingest_queue_url', 'ingest_dlq_url', 'events_table_name', 'kms_key_arn', 'private_subnet_ids']) {
      expect(outputs).toContain(`output "${name}"`);
    }
  });
});
