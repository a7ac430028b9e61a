import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const TABLE_NAME = process.env.TABLE_NAME!;
const PAYMENT_MODE = process.env.PAYMENT_MODE ?? 'sandbox';

class PaymentProviderUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PaymentProviderUnavailable';
  }
}

interface PaymentInput {
  orderId: string;
  customerId: string;
  createdAt: string;
  amount: number;
}

async function charge(input: PaymentInput): Promise<string> {
  if (PAYMENT_MODE === 'sandbox') {
    return `sandbox-${input.orderId}`;
  }
  // Real provider integration lives behind this call in production.
  throw new PaymentProviderUnavailable('Live payment provider not configured');
}

export const handler = async (input: PaymentInput) => {
  const paymentId = await charge(input);

  await ddb.send(
    new UpdateCommand({
      TableName: TABLE_NAME,
      Key: { orderId: input.orderId, createdAt: input.createdAt },
      UpdateExpression: 'SET paymentId = :p, paymentStatus = :s',
      ExpressionAttributeValues: { ':p': paymentId, ':s': 'CAPTURED' },
    })
  );

  return { ...input, paymentId };
};
