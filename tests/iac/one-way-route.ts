// One-way route: the backend answers, the client gets nothing
// Exported by apigw-playground: an AWS CDK v2 app (TypeScript, aws-cdk-lib). Strings are
// plain double-quoted literals, so the templates' ${...} reach API Gateway as written.
import { App, Stack } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';

const app = new App();
const stack = new Stack(app, "WebSocketApiStack");

const api = new apigwv2.WebSocketApi(stack, "Api", {
  routeSelectionExpression: "$request.body.action",
});

const http1Integration = new apigwv2.CfnIntegration(stack, "Http1Integration", {
  apiId: api.apiId,
  integrationType: "HTTP",
  integrationMethod: "POST",
  integrationUri: "https://backend.example.com/messages",
});

new apigwv2.CfnIntegrationResponse(stack, "Http1ResponseDefault", {
  apiId: api.apiId,
  integrationId: http1Integration.ref,
  integrationResponseKey: "$default",
  responseTemplates: {
    "$default": "{\"delivered\": true}",
  },
});

new apigwv2.CfnRoute(stack, "SendmessageRoute", {
  apiId: api.apiId,
  routeKey: "sendmessage",
  target: "integrations/" + http1Integration.ref,
});

app.synth();
