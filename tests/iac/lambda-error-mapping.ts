// Lambda (non-proxy): map errors by errorMessage
// Exported by apigw-playground: an AWS CDK v2 app (TypeScript, aws-cdk-lib). Strings are
// plain double-quoted literals, so the templates' ${...} reach API Gateway as written.
import { App, Stack } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as integrations from 'aws-cdk-lib/aws-apigatewayv2-integrations';

const app = new App();
const stack = new Stack(app, "WebSocketApiStack");

const api = new apigwv2.WebSocketApi(stack, "Api", {
  routeSelectionExpression: "$request.body.action",
});

const fnIntegration = new integrations.WebSocketAwsIntegration("FnIntegration", {
  integrationUri: "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:order/invocations",
  integrationMethod: "POST",
  requestTemplates: {
    "$default": "{\"item\": $input.json('$.item'), \"connection\": \"$context.connectionId\"}",
  },
  templateSelectionExpression: "\\$default",
  responses: [
    {
      responseKey: apigwv2.WebSocketIntegrationResponseKey.fromStatusRegExp(".*Invalid request.*"),
      templateSelectionExpression: "\\$default",
      responseTemplates: {
        "$default": "{\"error\": \"bad-request\", \"detail\": \"$util.escapeJavaScript($input.path('$.errorMessage'))\"}",
      },
    },
    {
      responseKey: apigwv2.WebSocketIntegrationResponseKey.default,
      templateSelectionExpression: "\\$default",
      responseTemplates: {
        "$default": "{\"ok\": true, \"order\": $input.json('$.orderId')}",
      },
    },
  ],
});

api.addRoute("order", {
  integration: fnIntegration,
  returnResponse: true,
});

app.synth();
