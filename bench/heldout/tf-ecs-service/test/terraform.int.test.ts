// Integration tests against the deployed stack; outputs come from cfn-outputs/flat-outputs.json.
import fs from 'fs';
import { ECSClient, DescribeServicesCommand } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client, DescribeLoadBalancersCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { RDSClient, DescribeDBClustersCommand } from '@aws-sdk/client-rds';
import { SQSClient, GetQueueAttributesCommand } from '@aws-sdk/client-sqs';

const outputs = JSON.parse(fs.readFileSync('cfn-outputs/flat-outputs.json', 'utf8'));
const region = process.env.AWS_REGION || 'us-west-2';

describe('deployed orders API', () => {
  test('ECS service runs its desired number of tasks', async () => {
    const ecs = new ECSClient({ region });
    const res = await ecs.send(new DescribeServicesCommand({ cluster: outputs.ecs_cluster_name, services: [outputs.ecs_service_name] }));
    const svc = res.services![0];
    expect(svc.runningCount).toBe(svc.desiredCount);
  });

  test('ALB is internet-facing and active', async () => {
    const elb = new ElasticLoadBalancingV2Client({ region });
    const res = await elb.send(new DescribeLoadBalancersCommand({}));
    const lb = res.LoadBalancers!.find((l) => l.DNSName === outputs.alb_dns_name)!;
    expect(lb.Scheme).toBe('internet-facing');
    expect(lb.State!.Code).toBe('active');
  });

  test('Aurora cluster is encrypted', async () => {
    const rds = new RDSClient({ region });
    const res = await rds.send(new DescribeDBClustersCommand({}));
    const cluster = res.DBClusters!.find((c) => c.Endpoint === outputs.aurora_endpoint)!;
    expect(cluster.StorageEncrypted).toBe(true);
  });

  test('work queue has a redrive policy', async () => {
    const sqs = new SQSClient({ region });
    const urls = JSON.parse(outputs.queue_urls);
    const res = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: urls.orders, AttributeNames: ['RedrivePolicy'] }));
    expect(JSON.parse(res.Attributes!.RedrivePolicy!).maxReceiveCount).toBe(5);
  });

  test('HTTP is redirected to HTTPS', async () => {
    const res = await fetch(`http://${outputs.alb_dns_name}/healthz`, { redirect: 'manual' });
    expect(res.status).toBe(301);
  });
});
