// $input.json vs $input.path
// Exported by apigw-playground: an AWS CDK v2 app (TypeScript, aws-cdk-lib). Strings are
// plain double-quoted literals, so the templates' ${...} reach API Gateway as written.
import { App, Stack } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';

const app = new App();
const stack = new Stack(app, "WebSocketApiStack");

const api = new apigwv2.WebSocketApi(stack, "Api", {
  routeSelectionExpression: "$request.body.action",
});

const httpIntegration = new apigwv2.CfnIntegration(stack, "HttpIntegration", {
  apiId: api.apiId,
  integrationType: "HTTP",
  integrationMethod: "GET",
  integrationUri: "https://backend.example.com/user",
});

new apigwv2.CfnIntegrationResponse(stack, "HttpResponseDefault", {
  apiId: api.apiId,
  integrationId: httpIntegration.ref,
  integrationResponseKey: "$default",
  responseTemplates: {
    "$default": "json name:  $input.json('$.name')\npath name:  $input.path('$.name')\njson user:  $input.json('$')\npath user:  $input.path('$')\npath tags:  $input.path('$.tags')\ntag count:  $input.path('$.tags').size()",
  },
});

const defaultRoute = new apigwv2.CfnRoute(stack, "DefaultRoute", {
  apiId: api.apiId,
  routeKey: "$default",
  target: "integrations/" + httpIntegration.ref,
  routeResponseSelectionExpression: "$default",
});

new apigwv2.CfnRouteResponse(stack, "DefaultRouteResponse", {
  apiId: api.apiId,
  routeId: defaultRoute.ref,
  routeResponseKey: "$default",
});

app.synth();
