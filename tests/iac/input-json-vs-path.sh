#!/usr/bin/env bash
# $input.json vs $input.path
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
  --integration-uri https://backend.example.com/user \
  --query IntegrationId --output text)
echo "HTTP_INTEGRATION_ID=$HTTP_INTEGRATION_ID"

aws apigatewayv2 create-integration-response \
  --api-id "$API_ID" \
  --integration-id "$HTTP_INTEGRATION_ID" \
  --integration-response-key '$default' \
  --response-templates '{"$default":"json name:  $input.json('\''$.name'\'')\npath name:  $input.path('\''$.name'\'')\njson user:  $input.json('\''$'\'')\npath user:  $input.path('\''$'\'')\npath tags:  $input.path('\''$.tags'\'')\ntag count:  $input.path('\''$.tags'\'').size()"}' \
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
