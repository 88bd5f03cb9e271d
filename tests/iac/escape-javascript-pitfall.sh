#!/usr/bin/env bash
# escapeJavaScript and the \' that breaks JSON
# Exported by apigw-playground: creates the WebSocket API with the AWS CLI v2, one command per
# resource, each new id kept in a shell variable. Values are in single quotes, so $ and \ reach
# AWS as written. (AWS CLI v1 would fetch the page of an --integration-uri that starts with https://.)
# Deploy with `aws apigatewayv2 create-stage --api-id "$API_ID" --stage-name dev --auto-deploy`.
set -euo pipefail

API_ID=$(aws apigatewayv2 create-api \
  --name websocket-api \
  --protocol-type WEBSOCKET \
  --route-selection-expression '$request.body.action' \
  --query ApiId --output text)
echo "API_ID=$API_ID"

HTTP_INTEGRATION_ID=$(aws apigatewayv2 create-integration \
  --api-id "$API_ID" \
  --integration-type HTTP \
  --integration-method GET \
  --integration-uri https://backend.example.com/quote \
  --query IntegrationId --output text)
echo "HTTP_INTEGRATION_ID=$HTTP_INTEGRATION_ID"

aws apigatewayv2 create-integration-response \
  --api-id "$API_ID" \
  --integration-id "$HTTP_INTEGRATION_ID" \
  --integration-response-key '$default' \
  --template-selection-expression '${request.body.mode}' \
  --response-templates '{"$default":"{\"text\": \"$util.escapeJavaScript($input.path('\''$.text'\''))\"}","fixed":"{\"text\": \"$util.escapeJavaScript($input.path('\''$.text'\'')).replaceAll(\"\\\\'\''\",\"'\''\")\"}"}' \
  --query IntegrationResponseId --output text

QUOTE_ROUTE_ID=$(aws apigatewayv2 create-route \
  --api-id "$API_ID" \
  --route-key quote \
  --target "integrations/$HTTP_INTEGRATION_ID" \
  --route-response-selection-expression '$default' \
  --query RouteId --output text)
echo "QUOTE_ROUTE_ID=$QUOTE_ROUTE_ID"

aws apigatewayv2 create-route-response \
  --api-id "$API_ID" \
  --route-id "$QUOTE_ROUTE_ID" \
  --route-response-key '$default' \
  --query RouteResponseId --output text
