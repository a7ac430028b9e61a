import * as cdk from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import * as path from 'path';

export interface TapStackProps extends cdk.StackProps {
  environmentSuffix?: string;
  alertEmail?: string;
}

/**
 * Document ingestion pipeline: an API accepts job submissions, a queue feeds a
 * processor that moves raw uploads into an archive, and a nightly state machine
 * reconciles job records and publishes a summary to an alerts topic.
 */
export class TapStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props?: TapStackProps) {
    super(scope, id, props);

    const environmentSuffix =
      props?.environmentSuffix || this.node.tryGetContext('environmentSuffix') || 'dev';
    const alertEmail = props?.alertEmail ?? 'pipeline-alerts@example.com';

    // ---------------------------------------------------------------- KMS
    const dataKey = new kms.Key(this, 'DataKey', {
      alias: `alias/pipeline-data-${environmentSuffix}`,
      description: 'Encrypts pipeline data at rest (bucket, table, queue, topic)',
      enableKeyRotation: true,
      pendingWindow: cdk.Duration.days(7),
      removalPolicy: cdk.RemovalPolicy.DESTROY,
    });

    // ---------------------------------------------------------------- S3
    const rawBucket = new s3.Bucket(this, 'RawBucket', {
      bucketName: `pipeline-raw-${environmentSuffix}-${this.account}`,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: dataKey,
      bucketKeyEnabled: true,
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      lifecycleRules: [
        {
          id: 'tier-raw-uploads',
          transitions: [
            { storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: cdk.Duration.days(30) },
            { storageClass: s3.StorageClass.GLACIER, transitionAfter: cdk.Duration.days(90) },
          ],
          expiration: cdk.Duration.days(365),
          noncurrentVersionExpiration: cdk.Duration.days(30),
        },
      ],
      removalPolicy: cdk.RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });

    const archiveBucket = new s3.Bucket(this, 'ArchiveBucket', {
      bucketName: `pipeline-archive-${environmentSuffix}-${this.account}`,
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      lifecycleRules: [
        {
          id: 'expire-archive',
          abortIncompleteMultipartUploadAfter: cdk.Duration.days(7),
          expiration: cdk.Duration.days(730),
        },
      ],
      removalPolicy: cdk.RemovalPolicy.DESTROY,
    });

    // ---------------------------------------------------------------- DynamoDB
    const jobsTable = new dynamodb.Table(this, 'JobsTable', {
      tableName: `pipeline-jobs-${environmentSuffix}`,
      partitionKey: { name: 'jobId', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'createdAt', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: dataKey,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: 'expiresAt',
      removalPolicy: cdk.RemovalPolicy.DESTROY,
    });
    jobsTable.addGlobalSecondaryIndex({
      indexName: 'status-index',
      partitionKey: { name: 'status', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'createdAt', type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.KEYS_ONLY,
    });

    // ---------------------------------------------------------------- SQS
    const deadLetterQueue = new sqs.Queue(this, 'JobsDeadLetterQueue', {
      queueName: `pipeline-jobs-dlq-${environmentSuffix}`,
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: dataKey,
      retentionPeriod: cdk.Duration.days(14),
    });

    const jobsQueue = new sqs.Queue(this, 'JobsQueue', {
      queueName: `pipeline-jobs-${environmentSuffix}`,
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: dataKey,
      visibilityTimeout: cdk.Duration.seconds(360),
      deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: 3 },
    });

    // ---------------------------------------------------------------- SNS
    const alertsTopic = new sns.Topic(this, 'AlertsTopic', {
      topicName: `pipeline-alerts-${environmentSuffix}`,
      displayName: 'Pipeline alerts',
      masterKey: dataKey,
    });
    alertsTopic.addSubscription(new subscriptions.EmailSubscription(alertEmail));

    // ---------------------------------------------------------------- Network
    const vpc = new ec2.Vpc(this, 'PipelineVpc', {
      ipAddresses: ec2.IpAddresses.cidr('10.20.0.0/16'),
      maxAzs: 2,
      natGateways: 1,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'app', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
      ],
    });
    vpc.addGatewayEndpoint('DynamoDbEndpoint', { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB });
    vpc.addGatewayEndpoint('S3Endpoint', { service: ec2.GatewayVpcEndpointAwsService.S3 });

    const processorSg = new ec2.SecurityGroup(this, 'ProcessorSecurityGroup', {
      vpc,
      description: 'Processor Lambda - HTTPS egress only',
      allowAllOutbound: false,
    });
    processorSg.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to AWS APIs');

    const endpointSg = new ec2.SecurityGroup(this, 'EndpointSecurityGroup', {
      vpc,
      description: 'SQS interface endpoint',
      allowAllOutbound: false,
    });
    endpointSg.addIngressRule(processorSg, ec2.Port.tcp(443), 'HTTPS from the processor');
    vpc.addInterfaceEndpoint('SqsEndpoint', {
      service: ec2.InterfaceVpcEndpointAwsService.SQS,
      securityGroups: [endpointSg],
      open: false,
      privateDnsEnabled: true,
    });

    // ---------------------------------------------------------------- Lambda
    const ingestLogGroup = new logs.LogGroup(this, 'IngestLogGroup', {
      logGroupName: `/aws/lambda/pipeline-ingest-${environmentSuffix}`,
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: cdk.RemovalPolicy.DESTROY,
    });
    const processorLogGroup = new logs.LogGroup(this, 'ProcessorLogGroup', {
      logGroupName: `/aws/lambda/pipeline-processor-${environmentSuffix}`,
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: cdk.RemovalPolicy.DESTROY,
    });

    const ingestFn = new lambda.Function(this, 'IngestFunction', {
      functionName: `pipeline-ingest-${environmentSuffix}`,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(path.join(__dirname, '../lambda/ingest')),
      memorySize: 512,
      timeout: cdk.Duration.seconds(29),
      tracing: lambda.Tracing.ACTIVE,
      logGroup: ingestLogGroup,
      environment: {
        TABLE_NAME: jobsTable.tableName,
        QUEUE_URL: jobsQueue.queueUrl,
        RAW_BUCKET: rawBucket.bucketName,
      },
    });

    const processorFn = new NodejsFunction(this, 'ProcessorFunction', {
      functionName: `pipeline-processor-${environmentSuffix}`,
      entry: path.join(__dirname, '../lambda/processor/index.ts'),
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_22_X,
      memorySize: 1024,
      timeout: cdk.Duration.seconds(60),
      tracing: lambda.Tracing.ACTIVE,
      logGroup: processorLogGroup,
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [processorSg],
      environment: {
        TABLE_NAME: jobsTable.tableName,
        RAW_BUCKET: rawBucket.bucketName,
        ARCHIVE_BUCKET: archiveBucket.bucketName,
      },
      bundling: { minify: true, sourceMap: true },
    });
    processorFn.addEventSource(
      new SqsEventSource(jobsQueue, { batchSize: 10, reportBatchItemFailures: true }),
    );

    const notifierFn = new lambda.Function(this, 'NotifierFunction', {
      functionName: `pipeline-notifier-${environmentSuffix}`,
      runtime: lambda.Runtime.PYTHON_3_12,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(path.join(__dirname, '../lambda/notifier')),
      memorySize: 256,
      reservedConcurrentExecutions: 2,
      environment: {
        TOPIC_ARN: alertsTopic.topicArn,
        TABLE_NAME: jobsTable.tableName,
      },
    });

    // ---------------------------------------------------------------- Grants
    jobsTable.grantReadWriteData(ingestFn);
    jobsQueue.grantSendMessages(ingestFn);
    rawBucket.grantPut(ingestFn);

    jobsTable.grantReadWriteData(processorFn);
    rawBucket.grantRead(processorFn);
    archiveBucket.grantPut(processorFn);

    jobsTable.grantReadData(notifierFn);
    alertsTopic.grantPublish(notifierFn);

    processorFn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'PublishPipelineMetrics',
        actions: ['cloudwatch:PutMetricData'],
        resources: ['*'],
        conditions: { StringEquals: { 'cloudwatch:namespace': 'Pipeline' } },
      }),
    );

    // ---------------------------------------------------------------- API Gateway
    const api = new apigateway.RestApi(this, 'JobsApi', {
      restApiName: `pipeline-jobs-api-${environmentSuffix}`,
      description: 'Submit and query pipeline jobs',
      endpointTypes: [apigateway.EndpointType.REGIONAL],
      deployOptions: {
        stageName: environmentSuffix,
        throttlingRateLimit: 50,
        throttlingBurstLimit: 100,
        tracingEnabled: true,
        metricsEnabled: true,
      },
    });
    const jobs = api.root.addResource('jobs');
    const ingestIntegration = new apigateway.LambdaIntegration(ingestFn);
    jobs.addMethod('POST', ingestIntegration, { authorizationType: apigateway.AuthorizationType.IAM });
    jobs.addResource('{jobId}').addMethod('GET', ingestIntegration, {
      authorizationType: apigateway.AuthorizationType.IAM,
    });

    // ---------------------------------------------------------------- Step Functions
    const reconcile = new tasks.LambdaInvoke(this, 'ReconcileJobs', {
      lambdaFunction: notifierFn,
      payload: sfn.TaskInput.fromObject({ mode: 'reconcile' }),
      outputPath: '$.Payload',
      retryOnServiceExceptions: true,
    });
    const publishSummary = new tasks.SnsPublish(this, 'PublishSummary', {
      topic: alertsTopic,
      message: sfn.TaskInput.fromJsonPathAt('$.summary'),
    });
    const definition = reconcile.next(
      new sfn.Choice(this, 'AnyStuckJobs')
        .when(sfn.Condition.numberGreaterThan('$.stuck', 0), publishSummary)
        .otherwise(new sfn.Succeed(this, 'NothingToReport')),
    );
    const reconciler = new sfn.StateMachine(this, 'ReconcileStateMachine', {
      stateMachineName: `pipeline-reconcile-${environmentSuffix}`,
      definitionBody: sfn.DefinitionBody.fromChainable(definition),
      timeout: cdk.Duration.minutes(15),
      tracingEnabled: true,
    });

    new events.Rule(this, 'NightlyReconcileRule', {
      ruleName: `pipeline-nightly-reconcile-${environmentSuffix}`,
      schedule: events.Schedule.cron({ minute: '30', hour: '2' }),
      targets: [new targets.SfnStateMachine(reconciler)],
    });

    // ---------------------------------------------------------------- Alarms
    const alarmAction = new cwActions.SnsAction(alertsTopic);

    const dlqAlarm = new cloudwatch.Alarm(this, 'DlqDepthAlarm', {
      alarmName: `pipeline-dlq-depth-${environmentSuffix}`,
      metric: deadLetterQueue.metricApproximateNumberOfMessagesVisible(),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    dlqAlarm.addAlarmAction(alarmAction);

    const processorErrorsAlarm = new cloudwatch.Alarm(this, 'ProcessorErrorsAlarm', {
      alarmName: `pipeline-processor-errors-${environmentSuffix}`,
      metric: processorFn.metricErrors({ period: cdk.Duration.minutes(5) }),
      threshold: 5,
      evaluationPeriods: 2,
    });
    processorErrorsAlarm.addAlarmAction(alarmAction);

    const api5xxAlarm = new cloudwatch.Alarm(this, 'Api5xxAlarm', {
      alarmName: `pipeline-api-5xx-${environmentSuffix}`,
      metric: api.metricServerError({ period: cdk.Duration.minutes(1) }),
      threshold: 10,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
    });
    api5xxAlarm.addAlarmAction(alarmAction);

    // ---------------------------------------------------------------- Tags and outputs
    cdk.Tags.of(this).add('Project', 'doc-pipeline');
    cdk.Tags.of(this).add('Environment', environmentSuffix);

    new cdk.CfnOutput(this, 'ApiUrl', { value: api.url, description: 'Jobs API base URL' });
    new cdk.CfnOutput(this, 'JobsTableName', { value: jobsTable.tableName });
    new cdk.CfnOutput(this, 'RawBucketName', { value: rawBucket.bucketName });
    new cdk.CfnOutput(this, 'JobsQueueUrl', { value: jobsQueue.queueUrl });
    new cdk.CfnOutput(this, 'StateMachineArn', { value: reconciler.stateMachineArn });
  }
}
