#!/usr/bin/env bash
# One-way route: the backend answers, the client gets nothing
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

HTTP_1_INTEGRATION_ID=$(aws apigatewayv2 create-integration \
  --api-id "$API_ID" \
  --integration-type HTTP \
  --integration-method POST \
  --integration-uri https://backend.example.com/messages \
  --query IntegrationId --output text)
echo "HTTP_1_INTEGRATION_ID=$HTTP_1_INTEGRATION_ID"

aws apigatewayv2 create-integration-response \
  --api-id "$API_ID" \
  --integration-id "$HTTP_1_INTEGRATION_ID" \
  --integration-response-key '$default' \
  --response-templates '{"$default":"{\"delivered\": true}"}' \
  --query IntegrationResponseId --output text

SENDMESSAGE_ROUTE_ID=$(aws apigatewayv2 create-route \
  --api-id "$API_ID" \
  --route-key sendmessage \
  --target "integrations/$HTTP_1_INTEGRATION_ID" \
  --query RouteId --output text)
echo "SENDMESSAGE_ROUTE_ID=$SENDMESSAGE_ROUTE_ID"
