// MOCK: the status comes from the request template
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
    "$default": "#if($input.path('$.status'))\n{\"statusCode\": $input.path('$.status')}\n#else\n{\"statusCode\": 200}\n#end",
  },
  templateSelectionExpression: "\\$default",
  responses: [
    {
      responseKey: apigwv2.WebSocketIntegrationResponseKey.fromStatusCode(200),
      templateSelectionExpression: "\\$default",
      responseTemplates: {
        "$default": "{\"pong\": true, \"at\": $context.requestTimeEpoch}",
      },
    },
    {
      responseKey: apigwv2.WebSocketIntegrationResponseKey.default,
      templateSelectionExpression: "\\$default",
      responseTemplates: {
        "$default": "{\"pong\": false, \"route\": \"$context.routeKey\"}",
      },
    },
  ],
});

api.addRoute("mock", {
  integration: mockIntegration,
  returnResponse: true,
});

app.synth();
