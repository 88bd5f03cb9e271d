// Lambda proxy (AWS_PROXY): the result's body is the frame
// Exported by apigw-playground: an AWS CDK v2 app (TypeScript, aws-cdk-lib). Strings are
// plain double-quoted literals, so the templates' ${...} reach API Gateway as written.
import { App, Stack } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as integrations from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as lambda from 'aws-cdk-lib/aws-lambda';

const app = new App();
const stack = new Stack(app, "WebSocketApiStack");

const api = new apigwv2.WebSocketApi(stack, "Api", {
  routeSelectionExpression: "$request.body.action",
});

const fnIntegration = new integrations.WebSocketLambdaIntegration("FnIntegration", lambda.Function.fromFunctionArn(stack, "FnIntegrationFunction", "arn:aws:lambda:us-east-1:123456789012:function:echo"));

api.addRoute("$default", {
  integration: fnIntegration,
  returnResponse: true,
});

app.synth();
