import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const TABLE_NAME = process.env.TABLE_NAME!;
const MAX_LINE_ITEMS = Number(process.env.MAX_LINE_ITEMS ?? '50');

interface OrderEvent {
  detail: {
    orderId: string;
    customerId: string;
    createdAt: string;
    items: { sku: string; quantity: number; unitPrice: number }[];
  };
}

export const handler = async (event: OrderEvent) => {
  const order = event.detail;

  if (!order?.orderId || !order.customerId) {
    throw new Error('ValidationError: orderId and customerId are required');
  }
  if (!Array.isArray(order.items) || order.items.length === 0) {
    throw new Error('ValidationError: order has no line items');
  }
  if (order.items.length > MAX_LINE_ITEMS) {
    throw new Error(`ValidationError: more than ${MAX_LINE_ITEMS} line items`);
  }

  const existing = await ddb.send(
    new GetCommand({
      TableName: TABLE_NAME,
      Key: { orderId: order.orderId, createdAt: order.createdAt },
    })
  );
  if (existing.Item) {
    throw new Error(`DuplicateOrder: ${order.orderId}`);
  }

  const amount = order.items.reduce(
    (sum, item) => sum + item.quantity * item.unitPrice,
    0
  );

  return { ...order, amount };
};
