// HTTP backend: map 2xx, 4xx and everything else
// Exported by apigw-playground: an AWS CDK v2 app (TypeScript, aws-cdk-lib). Strings are
// plain double-quoted literals, so the templates' ${...} reach API Gateway as written.
import { App, Stack } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';

const app = new App();
const stack = new Stack(app, "WebSocketApiStack");

const api = new apigwv2.WebSocketApi(stack, "Api", {
  apiName: "chat-api",
  routeSelectionExpression: "$request.body.action",
});

const http1Integration = new apigwv2.CfnIntegration(stack, "Http1Integration", {
  apiId: api.apiId,
  integrationType: "HTTP",
  integrationMethod: "POST",
  integrationUri: "https://backend.example.com/messages",
  templateSelectionExpression: "\\$default",
  requestTemplates: {
    "$default": "{\n  \"connectionId\": \"$context.connectionId\",\n  \"text\": $input.json('$.message')\n}",
  },
  passthroughBehavior: "WHEN_NO_MATCH",
});

new apigwv2.CfnIntegrationResponse(stack, "Http1Response2xx", {
  apiId: api.apiId,
  integrationId: http1Integration.ref,
  integrationResponseKey: "/2\\d\\d/",
  templateSelectionExpression: "\\$default",
  responseTemplates: {
    "$default": "#set($r = $input.path('$'))\n{\"ok\": true, \"id\": \"$r.id\", \"echo\": $input.json('$.text')}",
  },
});

new apigwv2.CfnIntegrationResponse(stack, "Http1Response4xx", {
  apiId: api.apiId,
  integrationId: http1Integration.ref,
  integrationResponseKey: "/4\\d\\d/",
  templateSelectionExpression: "\\$default",
  responseTemplates: {
    "$default": "{\"ok\": false, \"error\": \"$util.escapeJavaScript($input.path('$.error'))\", \"status\": \"client\"}",
  },
});

new apigwv2.CfnIntegrationResponse(stack, "Http1ResponseDefault", {
  apiId: api.apiId,
  integrationId: http1Integration.ref,
  integrationResponseKey: "$default",
  templateSelectionExpression: "\\$default",
  responseTemplates: {
    "$default": "{\"ok\": false, \"status\": \"unexpected\"}",
  },
});

const sendmessageRoute = new apigwv2.CfnRoute(stack, "SendmessageRoute", {
  apiId: api.apiId,
  routeKey: "sendmessage",
  target: "integrations/" + http1Integration.ref,
  routeResponseSelectionExpression: "$default",
});

new apigwv2.CfnRouteResponse(stack, "SendmessageRouteResponse", {
  apiId: api.apiId,
  routeId: sendmessageRoute.ref,
  routeResponseKey: "$default",
});

const defaultRoute = new apigwv2.CfnRoute(stack, "DefaultRoute", {
  apiId: api.apiId,
  routeKey: "$default",
  target: "integrations/" + http1Integration.ref,
  routeResponseSelectionExpression: "$default",
});

new apigwv2.CfnRouteResponse(stack, "DefaultRouteResponse", {
  apiId: api.apiId,
  routeId: defaultRoute.ref,
  routeResponseKey: "$default",
});

app.synth();
