// Unit tests for the Terraform security baseline in ../lib
// These tests read the HCL source and assert on the presence of the
// security controls; they do not call AWS.

import fs from 'fs';
import path from 'path';

const LIB = path.resolve(__dirname, '..', 'lib');
const read = (file: string): string => fs.readFileSync(path.join(LIB, file), 'utf8');

const provider = read('provider.tf');
const variables = read('variables.tf');
const kms = read('kms.tf');
const logging = read('logging.tf');
const cloudtrail = read('cloudtrail.tf');
const config = read('config.tf');
const guardduty = read('guardduty.tf');
const secrets = read('secrets.tf');
const iam = read('iam.tf');
const alarms = read('alarms.tf');
const outputs = read('outputs.tf');
const tfvars = read('terraform.tfvars');

describe('provider and variables', () => {
  test('pins the AWS provider to v5', () => {
    expect(provider).toMatch(/version\s*=\s*"~> 5\.\d+"/);
  });

  test('uses a partial S3 backend', () => {
    expect(provider).toMatch(/backend "s3" \{\}/);
  });

  test('applies default tags from locals', () => {
    expect(provider).toMatch(/tags = local\.common_tags/);
  });

  test('builds name_prefix from project and environment suffix', () => {
    expect(variables).toMatch(/name_prefix = "\$\{var\.project_name\}-\$\{var\.environment_suffix\}"/);
  });

  test('tfvars overrides the region', () => {
    expect(tfvars).toMatch(/aws_region\s*=\s*"us-west-2"/);
  });
});

describe('kms', () => {
  test('declares three customer-managed keys', () => {
    expect(kms.match(/resource "aws_kms_key"/g)).toHaveLength(3);
  });

  test('declares an alias for every key', () => {
    expect(kms.match(/resource "aws_kms_alias"/g)).toHaveLength(3);
  });

  test('enables rotation on the logs key', () => {
    expect(kms).toMatch(/resource "aws_kms_key" "logs"[\s\S]*?enable_key_rotation\s*=\s*true/);
  });

  test('log key policy allows CloudTrail', () => {
    expect(kms).toMatch(/cloudtrail\.amazonaws\.com/);
  });
});

describe('central log bucket', () => {
  test('uses the split versioning resource', () => {
    expect(logging).toMatch(/resource "aws_s3_bucket_versioning" "logs"/);
    expect(logging).toMatch(/status = "Enabled"/);
  });

  test('encrypts with KMS', () => {
    expect(logging).toMatch(/sse_algorithm\s*=\s*"aws:kms"/);
  });

  test('enables S3 bucket keys', () => {
    expect(logging).toMatch(/bucket_key_enabled = true/);
  });

  test('blocks public ACLs and policies', () => {
    expect(logging).toMatch(/block_public_acls\s*=\s*true/);
    expect(logging).toMatch(/block_public_policy\s*=\s*true/);
  });

  test('has a lifecycle configuration with two transitions', () => {
    expect(logging.match(/transition \{/g)).toHaveLength(2);
  });

  test('bucket policy comes from a policy document', () => {
    expect(logging).toMatch(/policy = data\.aws_iam_policy_document\.log_bucket\.json/);
  });

  test('denies insecure transport', () => {
    expect(logging).toMatch(/aws:SecureTransport/);
  });
});

describe('cloudtrail', () => {
  test('is multi-region', () => {
    expect(cloudtrail).toMatch(/is_multi_region_trail\s*=\s*true/);
  });

  test('validates log files', () => {
    expect(cloudtrail).toMatch(/enable_log_file_validation\s*=\s*true/);
  });

  test('delivers to CloudWatch Logs', () => {
    expect(cloudtrail).toMatch(/cloud_watch_logs_group_arn/);
    expect(cloudtrail).toMatch(/cloud_watch_logs_role_arn/);
  });

  test('log group retention comes from a variable', () => {
    expect(cloudtrail).toMatch(/retention_in_days = var\.log_retention_days/);
  });
});

describe('aws config', () => {
  test('starts the recorder', () => {
    expect(config).toMatch(/resource "aws_config_configuration_recorder_status" "main"/);
    expect(config).toMatch(/is_enabled = true/);
  });

  test('records global resource types', () => {
    expect(config).toMatch(/include_global_resource_types = true/);
  });

  test('creates managed rules with for_each', () => {
    expect(config).toMatch(/for_each = local\.config_rules/);
  });

  test('passes password policy parameters with jsonencode', () => {
    expect(config).toMatch(/jsonencode\(each\.value\.params\)/);
  });
});

describe('guardduty', () => {
  test('detector is conditional', () => {
    expect(guardduty).toMatch(/count = var\.enable_guardduty \? 1 : 0/);
  });

  test('publishes findings every fifteen minutes', () => {
    expect(guardduty).toMatch(/FIFTEEN_MINUTES/);
  });
});

describe('secrets rotation', () => {
  test('secret is encrypted with the secrets key', () => {
    expect(secrets).toMatch(/kms_key_id\s*=\s*aws_kms_key\.secrets\.arn/);
  });

  test('rotation lambda uses python3.12', () => {
    expect(secrets).toMatch(/runtime\s*=\s*"python3\.12"/);
  });

  test('Secrets Manager may invoke the function', () => {
    expect(secrets).toMatch(/principal\s*=\s*"secretsmanager\.amazonaws\.com"/);
  });

  test('rotation interval comes from locals', () => {
    expect(secrets).toMatch(/automatically_after_days = local\.rotation_days/);
  });

  test('function has a dead-letter queue', () => {
    expect(secrets).toMatch(/dead_letter_config/);
  });
});

describe('iam', () => {
  test('no wildcard secretsmanager actions', () => {
    expect(iam).not.toMatch(/secretsmanager:\*/);
  });

  test('audit role requires MFA', () => {
    expect(iam).toMatch(/aws:MultiFactorAuthPresent/);
  });

  test('attaches the AWS Config managed policy', () => {
    expect(iam).toMatch(/AWS_ConfigRole/);
  });
});

describe('alarms and outputs', () => {
  test('SNS topic is encrypted', () => {
    expect(alarms).toMatch(/kms_master_key_id = aws_kms_key\.alerts\.id/);
  });

  test('metric filters and alarms share one map', () => {
    expect(alarms.match(/for_each = local\.security_alarms/g)).toHaveLength(2);
  });

  test('email subscription is optional', () => {
    expect(alarms).toMatch(/count = var\.alert_email != "" \? 1 : 0/);
  });

  test('guardduty output tolerates a disabled detector', () => {
    expect(outputs).toMatch(/try\(aws_guardduty_detector\.main\[0\]\.id, null\)/);
  });
});
