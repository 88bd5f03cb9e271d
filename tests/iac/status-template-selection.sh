#!/usr/bin/env bash
# One integration response, templates chosen by status code
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
  --integration-method POST \
  --integration-uri https://backend.example.com/rooms \
  --query IntegrationId --output text)
echo "HTTP_INTEGRATION_ID=$HTTP_INTEGRATION_ID"

aws apigatewayv2 create-integration-response \
  --api-id "$API_ID" \
  --integration-id "$HTTP_INTEGRATION_ID" \
  --integration-response-key '$default' \
  --template-selection-expression '${integration.response.statuscode}' \
  --response-templates '{"201":"{\"created\": $input.json('\''$.room'\'')}","409":"{\"error\": \"exists\"}","$default":"{\"error\": \"unexpected\", \"request\": \"$context.requestId\"}"}' \
  --query IntegrationResponseId --output text

DEFAULT_ROUTE_ID=$(aws apigatewayv2 create-route \
  --api-id "$API_ID" \
  --route-key '$default' \
  --target "integrations/$HTTP_INTEGRATION_ID" \
  --route-response-selection-expression '$default' \
  --query RouteId --output text)
echo "DEFAULT_ROUTE_ID=$DEFAULT_ROUTE_ID"

aws apigatewayv2 create-route-response \
  --api-id "$API_ID" \
  --route-id "$DEFAULT_ROUTE_ID" \
  --route-response-key '$default' \
  --query RouteResponseId --output text
