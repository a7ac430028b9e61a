import * as cdk from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { OrderFunctions } from './constructs/order-functions';
import { OrderQueues } from './constructs/order-queues';

export interface TapStackProps extends cdk.StackProps {
  environmentSuffix?: string;
}

export class TapStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props?: TapStackProps) {
    super(scope, id, props);

    const environmentSuffix =
      props?.environmentSuffix ||
      this.node.tryGetContext('environmentSuffix') ||
      'dev';

    // ---------------------------------------------------------------
    // Alerting: customer-managed key + SNS topic
    // ---------------------------------------------------------------
    const alertsKey = new kms.Key(this, 'AlertsTopicKey', {
      alias: `alias/order-alerts-${environmentSuffix}`,
      description: 'CMK protecting the order alerts SNS topic',
      enableKeyRotation: true,
      removalPolicy: cdk.RemovalPolicy.DESTROY,
    });

    // CloudWatch alarms and EventBridge both publish to the encrypted
    // topic, so their service principals need to use the key.
    alertsKey.grant(
      new iam.ServicePrincipal('cloudwatch.amazonaws.com'),
      'kms:Decrypt',
      'kms:GenerateDataKey*'
    );
    alertsKey.grant(
      new iam.ServicePrincipal('events.amazonaws.com'),
      'kms:Decrypt',
      'kms:GenerateDataKey*'
    );

    const alertsTopic = new sns.Topic(this, 'AlertsTopic', {
      topicName: `order-alerts-${environmentSuffix}`,
      displayName: 'Order processing alerts',
      masterKey: alertsKey,
    });

    // ---------------------------------------------------------------
    // Orders table
    // ---------------------------------------------------------------
    const ordersTable = new dynamodb.Table(this, 'OrdersTable', {
      tableName: `orders-${environmentSuffix}`,
      partitionKey: { name: 'orderId', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'createdAt', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecovery: true,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      removalPolicy: cdk.RemovalPolicy.DESTROY,
    });

    ordersTable.addGlobalSecondaryIndex({
      indexName: 'customerId-createdAt-index',
      partitionKey: { name: 'customerId', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'createdAt', type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.ALL,
    });

    // ---------------------------------------------------------------
    // Queues and functions
    // ---------------------------------------------------------------
    const queues = new OrderQueues(this, 'OrderQueues', { environmentSuffix });

    const functions = new OrderFunctions(this, 'OrderFunctions', {
      environmentSuffix,
      ordersTable,
      alertsTopic,
      processingQueue: queues.processingQueue,
      notificationQueue: queues.notificationQueue,
    });

    // ---------------------------------------------------------------
    // Order workflow (Step Functions)
    // ---------------------------------------------------------------
    const validateTask = new tasks.LambdaInvoke(this, 'ValidateOrder', {
      lambdaFunction: functions.validateOrder,
      outputPath: '$.Payload',
    });
    validateTask.addRetry({
      errors: ['Lambda.ServiceException', 'Lambda.TooManyRequestsException'],
      interval: cdk.Duration.seconds(2),
      maxAttempts: 3,
      backoffRate: 2,
    });

    const paymentTask = new tasks.LambdaInvoke(this, 'ProcessPayment', {
      lambdaFunction: functions.processPayment,
      outputPath: '$.Payload',
      taskTimeout: sfn.Timeout.duration(cdk.Duration.seconds(45)),
    });
    paymentTask.addRetry({
      errors: ['PaymentProviderUnavailable'],
      interval: cdk.Duration.seconds(5),
      maxAttempts: 4,
      backoffRate: 2,
    });

    const paymentFailed = new sfn.Fail(this, 'PaymentFailed', {
      error: 'PaymentFailed',
      cause: 'Payment could not be processed',
    });
    paymentTask.addCatch(paymentFailed, {
      errors: ['States.ALL'],
      resultPath: '$.error',
    });

    const recordTask = new tasks.DynamoPutItem(this, 'RecordOrder', {
      table: ordersTable,
      item: {
        orderId: tasks.DynamoAttributeValue.fromString(
          sfn.JsonPath.stringAt('$.orderId')
        ),
        createdAt: tasks.DynamoAttributeValue.fromString(
          sfn.JsonPath.stringAt('$.createdAt')
        ),
        customerId: tasks.DynamoAttributeValue.fromString(
          sfn.JsonPath.stringAt('$.customerId')
        ),
        status: tasks.DynamoAttributeValue.fromString('PAID'),
      },
      resultPath: sfn.JsonPath.DISCARD,
    });

    const notifyTask = new tasks.SqsSendMessage(this, 'QueueCustomerNotification', {
      queue: queues.notificationQueue,
      messageBody: sfn.TaskInput.fromJsonPathAt('$'),
    });

    const definition = sfn.Chain.start(validateTask)
      .next(paymentTask)
      .next(recordTask)
      .next(notifyTask);

    const workflowLogGroup = new logs.LogGroup(this, 'OrderWorkflowLogGroup', {
      logGroupName: `/aws/vendedlogs/states/order-workflow-${environmentSuffix}`,
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: cdk.RemovalPolicy.DESTROY,
    });

    const stateMachine = new sfn.StateMachine(this, 'OrderWorkflow', {
      stateMachineName: `order-workflow-${environmentSuffix}`,
      definitionBody: sfn.DefinitionBody.fromChainable(definition),
      timeout: cdk.Duration.minutes(5),
      tracingEnabled: true,
      logs: {
        destination: workflowLogGroup,
        level: sfn.LogLevel.ALL,
        includeExecutionData: true,
      },
    });

    // ---------------------------------------------------------------
    // EventBridge bus, archive and rules
    // ---------------------------------------------------------------
    const orderBus = new events.EventBus(this, 'OrderEventBus', {
      eventBusName: `orders-${environmentSuffix}`,
    });

    orderBus.archive('OrderEventArchive', {
      archiveName: `orders-archive-${environmentSuffix}`,
      description: 'Replayable archive of order events',
      eventPattern: { source: ['com.tap.orders'] },
      retention: cdk.Duration.days(30),
    });

    new events.Rule(this, 'OrderPlacedRule', {
      ruleName: `order-placed-${environmentSuffix}`,
      description: 'Starts the order workflow for every new order',
      eventBus: orderBus,
      eventPattern: {
        source: ['com.tap.orders'],
        detailType: ['OrderPlaced'],
      },
      targets: [
        new targets.SfnStateMachine(stateMachine, {
          deadLetterQueue: queues.deadLetterQueue,
          retryAttempts: 2,
          maxEventAge: cdk.Duration.hours(2),
        }),
      ],
    });

    new events.Rule(this, 'OrderCancelledRule', {
      ruleName: `order-cancelled-${environmentSuffix}`,
      description: 'Queues cancellations for the cancel-order consumer',
      eventBus: orderBus,
      eventPattern: {
        source: ['com.tap.orders'],
        detailType: ['OrderCancelled'],
      },
      targets: [
        new targets.SqsQueue(queues.processingQueue, {
          deadLetterQueue: queues.deadLetterQueue,
        }),
      ],
    });

    new events.Rule(this, 'HighValuePaymentFailedRule', {
      ruleName: `payment-failed-high-value-${environmentSuffix}`,
      description: 'Pages on failed payments of 1000 or more',
      eventBus: orderBus,
      eventPattern: {
        source: ['com.tap.payments'],
        detailType: ['PaymentFailed'],
        detail: {
          amount: [{ numeric: ['>=', 1000] }],
        },
      },
      targets: [new targets.SnsTopic(alertsTopic)],
    });

    // ---------------------------------------------------------------
    // Alarms
    // ---------------------------------------------------------------
    const alarmAction = new cwActions.SnsAction(alertsTopic);

    const dlqAlarm = new cloudwatch.Alarm(this, 'DeadLetterQueueAlarm', {
      alarmName: `order-dlq-not-empty-${environmentSuffix}`,
      alarmDescription: 'Messages are landing in the order dead-letter queue',
      metric: queues.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: cdk.Duration.minutes(1),
        statistic: 'Maximum',
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator:
        cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    dlqAlarm.addAlarmAction(alarmAction);

    const workflowFailedAlarm = new cloudwatch.Alarm(this, 'WorkflowFailedAlarm', {
      alarmName: `order-workflow-failed-${environmentSuffix}`,
      alarmDescription: 'Order workflow executions are failing',
      metric: stateMachine.metricFailed({
        period: cdk.Duration.minutes(5),
        statistic: 'Sum',
      }),
      threshold: 3,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      comparisonOperator:
        cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    workflowFailedAlarm.addAlarmAction(alarmAction);

    const paymentErrorsAlarm = new cloudwatch.Alarm(this, 'PaymentErrorsAlarm', {
      alarmName: `process-payment-errors-${environmentSuffix}`,
      alarmDescription: 'The payment function is returning errors',
      metric: functions.processPayment.metricErrors({
        period: cdk.Duration.minutes(5),
        statistic: 'Sum',
      }),
      threshold: 5,
      evaluationPeriods: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    paymentErrorsAlarm.addAlarmAction(alarmAction);

    // ---------------------------------------------------------------
    // Dashboard
    // ---------------------------------------------------------------
    const dashboard = new cloudwatch.Dashboard(this, 'OrderDashboard', {
      dashboardName: `order-processing-${environmentSuffix}`,
    });

    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Workflow executions',
        width: 12,
        left: [
          stateMachine.metricStarted(),
          stateMachine.metricSucceeded(),
          stateMachine.metricFailed(),
        ],
      }),
      new cloudwatch.GraphWidget({
        title: 'Lambda errors',
        width: 12,
        left: [
          functions.validateOrder.metricErrors(),
          functions.processPayment.metricErrors(),
          functions.cancelOrder.metricErrors(),
          functions.notifyCustomer.metricErrors(),
        ],
      })
    );
    dashboard.addWidgets(
      new cloudwatch.SingleValueWidget({
        title: 'Dead-letter queue depth',
        width: 6,
        metrics: [
          queues.deadLetterQueue.metricApproximateNumberOfMessagesVisible(),
        ],
      }),
      new cloudwatch.AlarmStatusWidget({
        title: 'Alarm status',
        width: 18,
        alarms: [dlqAlarm, workflowFailedAlarm, paymentErrorsAlarm],
      })
    );

    // ---------------------------------------------------------------
    // Outputs
    // ---------------------------------------------------------------
    new cdk.CfnOutput(this, 'EventBusName', {
      value: orderBus.eventBusName,
      description: 'Name of the order event bus',
    });
    new cdk.CfnOutput(this, 'StateMachineArn', {
      value: stateMachine.stateMachineArn,
      description: 'ARN of the order workflow',
    });
    new cdk.CfnOutput(this, 'OrdersTableName', {
      value: ordersTable.tableName,
    });
    new cdk.CfnOutput(this, 'ProcessingQueueUrl', {
      value: queues.processingQueue.queueUrl,
    });
    new cdk.CfnOutput(this, 'NotificationQueueUrl', {
      value: queues.notificationQueue.queueUrl,
    });
    new cdk.CfnOutput(this, 'DeadLetterQueueUrl', {
      value: queues.deadLetterQueue.queueUrl,
    });
    new cdk.CfnOutput(this, 'AlertsTopicArn', {
      value: alertsTopic.topicArn,
    });
  }
}
