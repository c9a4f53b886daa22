// Throttling answers of the services notify and the sweep store use,
// for failFirst (emulator/faults.ts): moto never throttles. Each is the
// error response AWS sends a caller over its request rate.
import type { Fault } from './emulator/faults.ts';

/**
 * SNS's throttling answer to Publish: HTTP 429 with the query protocol's
 * code `Throttled` (ThrottledException), "Rate exceeded".
 */
export const SNS_THROTTLED: Fault = {
  status: 429,
  body: '<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">' +
    '<Error><Type>Sender</Type><Code>Throttled</Code>' +
    '<Message>Rate exceeded</Message></Error>' +
    '<RequestId>fault-sns</RequestId></ErrorResponse>',
};

/**
 * EventBridge's throttling answer to PutEvents: HTTP 400 with the JSON
 * protocol's `ThrottlingException`, "Rate exceeded".
 */
export const EVENTS_THROTTLING: Fault = {
  status: 400,
  body: JSON.stringify({ __type: 'ThrottlingException',
    message: 'Rate exceeded' }),
};

/**
 * DynamoDB's answer to a write past a table's throughput: HTTP 400 with
 * `ProvisionedThroughputExceededException`.
 */
export const DYNAMO_THROUGHPUT_EXCEEDED: Fault = {
  status: 400,
  body: JSON.stringify({
    __type: 'com.amazonaws.dynamodb.v20120810#' +
      'ProvisionedThroughputExceededException',
    message: 'The level of configured provisioned throughput for the ' +
      'table was exceeded.',
  }),
};
