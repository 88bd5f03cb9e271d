#!/usr/bin/env bash
# Lambda proxy (AWS_PROXY): the result's body is the frame
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

FN_INTEGRATION_ID=$(aws apigatewayv2 create-integration \
  --api-id "$API_ID" \
  --integration-type AWS_PROXY \
  --integration-uri arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:echo/invocations \
  --query IntegrationId --output text)
echo "FN_INTEGRATION_ID=$FN_INTEGRATION_ID"

DEFAULT_ROUTE_ID=$(aws apigatewayv2 create-route \
  --api-id "$API_ID" \
  --route-key '$default' \
  --target "integrations/$FN_INTEGRATION_ID" \
  --route-response-selection-expression '$default' \
  --query RouteId --output text)
echo "DEFAULT_ROUTE_ID=$DEFAULT_ROUTE_ID"

aws apigatewayv2 create-route-response \
  --api-id "$API_ID" \
  --route-id "$DEFAULT_ROUTE_ID" \
  --route-response-key '$default' \
  --query RouteResponseId --output text
