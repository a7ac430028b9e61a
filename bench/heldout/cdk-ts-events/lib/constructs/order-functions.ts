import * as cdk from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import * as path from 'path';

export interface OrderFunctionsProps {
  readonly environmentSuffix: string;
  readonly ordersTable: dynamodb.ITable;
  readonly alertsTopic: sns.ITopic;
  readonly processingQueue: sqs.IQueue;
  readonly notificationQueue: sqs.IQueue;
}

/**
 * The four Lambda functions of the order pipeline. The two functions called
 * from the state machine are bundled with esbuild (NodejsFunction); the two
 * queue consumers are plain JavaScript and shipped as-is.
 */
export class OrderFunctions extends Construct {
  public readonly validateOrder: nodejs.NodejsFunction;
  public readonly processPayment: nodejs.NodejsFunction;
  public readonly cancelOrder: lambda.Function;
  public readonly notifyCustomer: lambda.Function;

  constructor(scope: Construct, id: string, props: OrderFunctionsProps) {
    super(scope, id);

    const { environmentSuffix, ordersTable } = props;
    const lambdaRoot = path.join(__dirname, '..', '..', 'lambda');

    const validateLogGroup = new logs.LogGroup(this, 'ValidateOrderLogGroup', {
      logGroupName: `/aws/lambda/validate-order-${environmentSuffix}`,
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: cdk.RemovalPolicy.DESTROY,
    });

    this.validateOrder = new nodejs.NodejsFunction(this, 'ValidateOrderFunction', {
      functionName: `validate-order-${environmentSuffix}`,
      entry: path.join(lambdaRoot, 'validate-order', 'index.ts'),
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_20_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      timeout: cdk.Duration.seconds(10),
      tracing: lambda.Tracing.ACTIVE,
      logGroup: validateLogGroup,
      environment: {
        TABLE_NAME: ordersTable.tableName,
        MAX_LINE_ITEMS: '50',
      },
      bundling: {
        minify: true,
        sourceMap: true,
      },
    });

    this.processPayment = new nodejs.NodejsFunction(this, 'ProcessPaymentFunction', {
      functionName: `process-payment-${environmentSuffix}`,
      entry: path.join(lambdaRoot, 'process-payment', 'index.ts'),
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_20_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 512,
      timeout: cdk.Duration.seconds(30),
      reservedConcurrentExecutions: 20,
      tracing: lambda.Tracing.ACTIVE,
      logRetention: logs.RetentionDays.TWO_WEEKS,
      environment: {
        TABLE_NAME: ordersTable.tableName,
        PAYMENT_MODE: 'sandbox',
      },
      bundling: {
        minify: true,
        sourceMap: true,
      },
    });

    this.cancelOrder = new lambda.Function(this, 'CancelOrderFunction', {
      functionName: `cancel-order-${environmentSuffix}`,
      runtime: lambda.Runtime.NODEJS_20_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(path.join(lambdaRoot, 'cancel-order')),
      memorySize: 256,
      timeout: cdk.Duration.seconds(60),
      logRetention: logs.RetentionDays.ONE_WEEK,
      environment: {
        TABLE_NAME: ordersTable.tableName,
        NOTIFICATION_QUEUE_URL: props.notificationQueue.queueUrl,
      },
    });
    this.cancelOrder.addEventSource(
      new SqsEventSource(props.processingQueue, {
        batchSize: 5,
        reportBatchItemFailures: true,
      })
    );

    this.notifyCustomer = new lambda.Function(this, 'NotifyCustomerFunction', {
      functionName: `notify-customer-${environmentSuffix}`,
      runtime: lambda.Runtime.NODEJS_20_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(path.join(lambdaRoot, 'notify-customer')),
      timeout: cdk.Duration.seconds(15),
      logRetention: logs.RetentionDays.ONE_WEEK,
      environment: {
        TOPIC_ARN: props.alertsTopic.topicArn,
      },
    });
    this.notifyCustomer.addEventSource(
      new SqsEventSource(props.notificationQueue, {
        batchSize: 10,
      })
    );

    ordersTable.grantReadData(this.validateOrder);
    ordersTable.grantReadWriteData(this.processPayment);
    ordersTable.grantReadWriteData(this.cancelOrder);
    props.notificationQueue.grantSendMessages(this.cancelOrder);
    props.alertsTopic.grantPublish(this.notifyCustomer);
  }
}
