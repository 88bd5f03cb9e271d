// escapeJavaScript and the \' that breaks JSON
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
  integrationUri: "https://backend.example.com/quote",
});

new apigwv2.CfnIntegrationResponse(stack, "HttpResponseDefault", {
  apiId: api.apiId,
  integrationId: httpIntegration.ref,
  integrationResponseKey: "$default",
  templateSelectionExpression: "${request.body.mode}",
  responseTemplates: {
    "$default": "{\"text\": \"$util.escapeJavaScript($input.path('$.text'))\"}",
    "fixed": "{\"text\": \"$util.escapeJavaScript($input.path('$.text')).replaceAll(\"\\\\'\",\"'\")\"}",
  },
});

const quoteRoute = new apigwv2.CfnRoute(stack, "QuoteRoute", {
  apiId: api.apiId,
  routeKey: "quote",
  target: "integrations/" + httpIntegration.ref,
  routeResponseSelectionExpression: "$default",
});

new apigwv2.CfnRouteResponse(stack, "QuoteRouteResponse", {
  apiId: api.apiId,
  routeId: quoteRoute.ref,
  routeResponseKey: "$default",
});

app.synth();
