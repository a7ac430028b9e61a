import * as cdk from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface OrderQueuesProps {
  readonly environmentSuffix: string;
}

/**
 * Queues used by the order pipeline. Both work queues share one
 * dead-letter queue so operators only have a single place to look.
 */
export class OrderQueues extends Construct {
  public readonly deadLetterQueue: sqs.Queue;
  public readonly processingQueue: sqs.Queue;
  public readonly notificationQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: OrderQueuesProps) {
    super(scope, id);

    const { environmentSuffix } = props;

    this.deadLetterQueue = new sqs.Queue(this, 'OrderDeadLetterQueue', {
      queueName: `order-dlq-${environmentSuffix}`,
      retentionPeriod: cdk.Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      removalPolicy: cdk.RemovalPolicy.DESTROY,
    });

    // Consumed by the cancel-order function (timeout 60 s), so the
    // visibility timeout has to be comfortably larger than that.
    this.processingQueue = new sqs.Queue(this, 'OrderProcessingQueue', {
      queueName: `order-processing-${environmentSuffix}`,
      visibilityTimeout: cdk.Duration.seconds(180),
      retentionPeriod: cdk.Duration.days(4),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: {
        queue: this.deadLetterQueue,
        maxReceiveCount: 5,
      },
      removalPolicy: cdk.RemovalPolicy.DESTROY,
    });

    this.notificationQueue = new sqs.Queue(this, 'NotificationQueue', {
      queueName: `order-notifications-${environmentSuffix}`,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: {
        queue: this.deadLetterQueue,
        maxReceiveCount: 3,
      },
      removalPolicy: cdk.RemovalPolicy.DESTROY,
    });
  }
}
