// Route selection: $request.body.action, $default and the Forbidden frame
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

const mockIntegration = new integrations.WebSocketMockIntegration("MockIntegration", {
  requestTemplates: {
    "$default": "{\"statusCode\": 200}",
  },
  responses: [
    {
      responseKey: apigwv2.WebSocketIntegrationResponseKey.default,
      responseTemplates: {
        "$default": "{\"route\": \"$context.routeKey\"}",
      },
    },
  ],
});

api.addRoute("join", {
  integration: mockIntegration,
  returnResponse: true,
});

api.addRoute("leave", {
  integration: mockIntegration,
  returnResponse: true,
});

api.addRoute("$default", {
  integration: mockIntegration,
  returnResponse: true,
});

app.synth();
