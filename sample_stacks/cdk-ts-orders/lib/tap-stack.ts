import * as cdk from 'aws-cdk-lib';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

interface TapStackProps extends cdk.StackProps {
  environmentSuffix?: string;
  alarmEmail?: string;
}

const PROCESSOR_TIMEOUT_SECONDS = 120;

export class TapStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props?: TapStackProps) {
    super(scope, id, props);

    const environmentSuffix = props?.environmentSuffix || 'dev';

    // Customer-managed key shared by the bucket, the queues and the topic
    const dataKey = new kms.Key(this, 'DataKey', {
      description: `Orders data key (${environmentSuffix})`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const receiptsBucket = new s3.Bucket(this, 'ReceiptsBucket', {
      bucketName: `orders-receipts-${environmentSuffix}-${this.account}`,
      versioned: true,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: dataKey,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      lifecycleRules: [
        {
          id: 'archive-old-receipts',
          transitions: [{ storageClass: s3.StorageClass.GLACIER, transitionAfter: Duration.days(90) }],
          expiration: Duration.days(365),
        },
      ],
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const ordersTable = new dynamodb.Table(this, 'OrdersTable', {
      tableName: `orders-${environmentSuffix}`,
      partitionKey: { name: 'orderId', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'createdAt', type: dynamodb.AttributeType.NUMBER },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecovery: true,
      stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    ordersTable.addGlobalSecondaryIndex({
      indexName: 'byCustomer',
      partitionKey: { name: 'customerId', type: dynamodb.AttributeType.STRING },
    });

    const deadLetterQueue = new sqs.Queue(this, 'OrdersDLQ', {
      queueName: `orders-dlq-${environmentSuffix}`,
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: dataKey,
    });

    const ordersQueue = new sqs.Queue(this, 'OrdersQueue', {
      queueName: `orders-${environmentSuffix}`,
      visibilityTimeout: Duration.seconds(PROCESSOR_TIMEOUT_SECONDS * 6),
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: dataKey,
      deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: 3 },
    });

    const alertsTopic = new sns.Topic(this, 'AlertsTopic', {
      topicName: `orders-alerts-${environmentSuffix}`,
      masterKey: dataKey,
    });
    if (props?.alarmEmail) {
      alertsTopic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    }

    const processorLogs = new logs.LogGroup(this, 'ProcessorLogs', {
      logGroupName: `/aws/lambda/orders-processor-${environmentSuffix}`,
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const processor = new lambda.Function(this, 'OrderProcessor', {
      functionName: `orders-processor-${environmentSuffix}`,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: lambda.Code.fromAsset('lambda'),
      memorySize: 512,
      timeout: Duration.seconds(PROCESSOR_TIMEOUT_SECONDS),
      tracing: lambda.Tracing.ACTIVE,
      logGroup: processorLogs,
      environment: {
        TABLE_NAME: ordersTable.tableName,
        RECEIPTS_BUCKET: receiptsBucket.bucketName,
        ALERTS_TOPIC_ARN: alertsTopic.topicArn,
      },
    });
    ordersTable.grantWriteData(processor);
    receiptsBucket.grantReadWrite(processor);
    dataKey.grantEncryptDecrypt(processor);
    ordersQueue.grantConsumeMessages(processor);
    alertsTopic.grantPublish(processor);
    processor.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['cloudwatch:PutMetricData'],
        resources: ['*'],
      }),
    );

    const healthCheck = new lambda.Function(this, 'HealthCheck', {
      runtime: lambda.Runtime.PYTHON_3_12,
      handler: 'index.handler',
      code: lambda.Code.fromInline('def handler(event, context):\n    return {"statusCode": 200}\n'),
    });

    const api = new apigateway.RestApi(this, 'OrdersApi', {
      restApiName: `orders-api-${environmentSuffix}`,
      deployOptions: {
        stageName: 'prod',
        tracingEnabled: true,
        throttlingRateLimit: 100,
        throttlingBurstLimit: 200,
      },
    });
    const orders = api.root.addResource('orders');
    orders.addMethod('POST', new apigateway.LambdaIntegration(processor));
    orders.addMethod('GET', new apigateway.LambdaIntegration(processor));
    api.root.addResource('health').addMethod('GET', new apigateway.LambdaIntegration(healthCheck));

    processor.metricErrors({ period: Duration.minutes(5) }).createAlarm(this, 'ProcessorErrorsAlarm', {
      alarmName: `orders-processor-errors-${environmentSuffix}`,
      threshold: 5,
      evaluationPeriods: 2,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });

    const backlogAlarm = new cloudwatch.Alarm(this, 'QueueBacklogAlarm', {
      metric: ordersQueue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(1) }),
      threshold: 600,
      evaluationPeriods: 3,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    backlogAlarm.addAlarmAction(new actions.SnsAction(alertsTopic));

    new cloudwatch.Dashboard(this, 'OrdersDashboard', {
      dashboardName: `orders-${environmentSuffix}`,
      widgets: [[new cloudwatch.GraphWidget({ title: 'Processor errors', left: [processor.metricErrors()] })]],
    });

    new cdk.CfnOutput(this, 'ApiUrl', { value: api.url });
    new cdk.CfnOutput(this, 'OrdersTableName', { value: ordersTable.tableName });
  }
}
