const { SNSClient, PublishCommand } = require('@aws-sdk/client-sns');

const sns = new SNSClient({});

exports.handler = async (event) => {
  for (const record of event.Records) {
    const message = JSON.parse(record.body);
    await sns.send(
      new PublishCommand({
        TopicArn: process.env.TOPIC_ARN,
        Subject: `Order ${message.orderId} update`,
        Message: JSON.stringify(message),
      })
    );
  }
};
