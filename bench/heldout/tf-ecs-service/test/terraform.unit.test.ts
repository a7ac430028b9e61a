// Static checks of the Terraform configuration in lib/ (no provider, no plan).
import fs from 'fs';
import path from 'path';

const LIB = path.resolve(__dirname, '../lib');
const read = (file: string): string => fs.readFileSync(path.join(LIB, file), 'utf8');
const tfFiles = fs.readdirSync(LIB).filter((f) => f.endsWith('.tf'));
const all = tfFiles.map(read).join('\n');

function block(type: string, name: string): string {
  const start = all.indexOf(`resource "${type}" "${name}"`);
  if (start < 0) throw new Error(`${type}.${name} not found`);
  const next = all.indexOf('\nresource "', start + 1);
  return all.slice(start, next < 0 ? undefined : next);
}

describe('provider and variables', () => {
  test('pins the AWS provider to 5.x', () => {
    expect(read('provider.tf')).toMatch(/version\s*=\s*"~> 5\.\d+"/);
  });

  test('takes the region from var.aws_region', () => {
    expect(read('provider.tf')).toMatch(/region\s*=\s*var\.aws_region/);
  });

  test('terraform.tfvars deploys to us-west-2', () => {
    expect(read('terraform.tfvars')).toMatch(/aws_region\s*=\s*"us-west-2"/);
  });

  test('every variable has a default', () => {
    const blocks = read('variables.tf').split('variable "').slice(1);
    blocks.forEach((b) => expect(b).toMatch(/default\s*=/));
  });
});

describe('network', () => {
  test('one public and one private subnet per availability zone', () => {
    expect(block('aws_subnet', 'public')).toMatch(/count\s*=\s*var\.az_count/);
    expect(block('aws_subnet', 'private')).toMatch(/count\s*=\s*var\.az_count/);
  });

  test('NAT gateways follow single_nat_gateway', () => {
    expect(all).toMatch(/nat_count\s*=\s*var\.single_nat_gateway \? 1 : var\.az_count/);
    expect(block('aws_nat_gateway', 'main')).toMatch(/count\s*=\s*local\.nat_count/);
  });

  test('private route tables send 0.0.0.0/0 to a NAT gateway', () => {
    expect(block('aws_route_table', 'private')).toMatch(/nat_gateway_id/);
  });
});

describe('ecs', () => {
  test('Fargate task definition on ARM64', () => {
    const td = block('aws_ecs_task_definition', 'app');
    expect(td).toMatch(/requires_compatibilities\s*=\s*\["FARGATE"\]/);
    expect(td).toMatch(/cpu_architecture\s*=\s*"ARM64"/);
  });

  test('tasks run in private subnets without public IPs', () => {
    const svc = block('aws_ecs_service', 'app');
    expect(svc).toMatch(/subnets\s*=\s*aws_subnet\.private\[\*\]\.id/);
    expect(svc).toMatch(/assign_public_ip\s*=\s*false/);
  });

  test('deployment circuit breaker rolls back', () => {
    expect(block('aws_ecs_service', 'app')).toMatch(/rollback\s*=\s*true/);
  });

  test('container insights are enabled', () => {
    expect(block('aws_ecs_cluster', 'main')).toMatch(/value\s*=\s*"enabled"/);
  });

  test('log group retention comes from a variable', () => {
    expect(block('aws_cloudwatch_log_group', 'app')).toMatch(/retention_in_days\s*=\s*var\.log_retention_days/);
  });
});

describe('load balancer', () => {
  test('HTTPS listener uses a TLS 1.3 policy', () => {
    expect(block('aws_lb_listener', 'https')).toMatch(/ELBSecurityPolicy-TLS13-1-2-2021-06/);
  });

  test('HTTP listener redirects to HTTPS', () => {
    expect(block('aws_lb_listener', 'http')).toMatch(/type\s*=\s*"redirect"/);
  });

  test('target group checks /healthz', () => {
    expect(block('aws_lb_target_group', 'app')).toMatch(/path\s*=\s*"\/healthz"/);
  });
});

describe('database', () => {
  test('Aurora storage is encrypted with the CMK', () => {
    const db = block('aws_rds_cluster', 'main');
    expect(db).toMatch(/storage_encrypted\s*=\s*true/);
    expect(db).toMatch(/kms_key_id\s*=\s*aws_kms_key\.main\.arn/);
  });

  test('master password is managed by Secrets Manager', () => {
    expect(block('aws_rds_cluster', 'main')).toMatch(/manage_master_user_password\s*=\s*true/);
    expect(all).not.toMatch(/master_password\s*=/);
  });

  test('backups are kept for 7 days', () => {
    expect(block('aws_rds_cluster', 'main')).toMatch(/backup_retention_period\s*=\s*7/);
  });

  test('instances are not publicly accessible', () => {
    expect(block('aws_rds_cluster_instance', 'main')).toMatch(/publicly_accessible\s*=\s*false/);
  });
});

describe('security', () => {
  test('tasks accept traffic from the ALB security group only', () => {
    expect(block('aws_security_group', 'ecs')).toMatch(/security_groups\s*=\s*\[aws_security_group\.alb\.id\]/);
  });

  test('database accepts 5432 from the task security group', () => {
    const rule = block('aws_vpc_security_group_ingress_rule', 'db_from_ecs');
    expect(rule).toMatch(/from_port\s*=\s*5432/);
    expect(rule).toMatch(/referenced_security_group_id\s*=\s*aws_security_group\.ecs\.id/);
  });

  test('task policy grants no service-wide wildcard actions', () => {
    expect(read('iam.tf')).not.toMatch(/"(s3|sqs):\*"/);
  });

  test('KMS key rotation is on', () => {
    expect(block('aws_kms_key', 'main')).toMatch(/enable_key_rotation\s*=\s*true/);
  });
});

describe('storage and messaging', () => {
  test('S3 settings use the split resources of provider v4+', () => {
    expect(all).toMatch(/resource "aws_s3_bucket_versioning"/);
    expect(block('aws_s3_bucket', 'uploads')).not.toMatch(/versioning\s*{/);
  });

  test('uploads bucket blocks public access', () => {
    expect(block('aws_s3_bucket_public_access_block', 'uploads')).toMatch(/restrict_public_buckets\s*=\s*true/);
  });

  test('work queues redrive to the DLQ after 5 receives', () => {
    expect(block('aws_sqs_queue', 'work')).toMatch(/maxReceiveCount\s*=\s*5/);
  });
});

describe('outputs', () => {
  test.each(['vpc_id', 'alb_dns_name', 'ecs_cluster_name', 'ecs_service_name', 'aurora_endpoint', 'queue_urls'])(
    'declares output %s',
    (name) => {
      expect(read('outputs.tf')).toContain(`output "${name}"`);
    },
  );
});
