#!/usr/bin/env bash
# Route selection: $request.body.action, $default and the Forbidden frame
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

MOCK_INTEGRATION_ID=$(aws apigatewayv2 create-integration \
  --api-id "$API_ID" \
  --integration-type MOCK \
  --request-templates '{"$default":"{\"statusCode\": 200}"}' \
  --query IntegrationId --output text)
echo "MOCK_INTEGRATION_ID=$MOCK_INTEGRATION_ID"

aws apigatewayv2 create-integration-response \
  --api-id "$API_ID" \
  --integration-id "$MOCK_INTEGRATION_ID" \
  --integration-response-key '$default' \
  --response-templates '{"$default":"{\"route\": \"$context.routeKey\"}"}' \
  --query IntegrationResponseId --output text

JOIN_ROUTE_ID=$(aws apigatewayv2 create-route \
  --api-id "$API_ID" \
  --route-key join \
  --target "integrations/$MOCK_INTEGRATION_ID" \
  --route-response-selection-expression '$default' \
  --query RouteId --output text)
echo "JOIN_ROUTE_ID=$JOIN_ROUTE_ID"

aws apigatewayv2 create-route-response \
  --api-id "$API_ID" \
  --route-id "$JOIN_ROUTE_ID" \
  --route-response-key '$default' \
  --query RouteResponseId --output text

LEAVE_ROUTE_ID=$(aws apigatewayv2 create-route \
  --api-id "$API_ID" \
  --route-key leave \
  --target "integrations/$MOCK_INTEGRATION_ID" \
  --route-response-selection-expression '$default' \
  --query RouteId --output text)
echo "LEAVE_ROUTE_ID=$LEAVE_ROUTE_ID"

aws apigatewayv2 create-route-response \
  --api-id "$API_ID" \
  --route-id "$LEAVE_ROUTE_ID" \
  --route-response-key '$default' \
  --query RouteResponseId --output text

DEFAULT_ROUTE_ID=$(aws apigatewayv2 create-route \
  --api-id "$API_ID" \
  --route-key '$default' \
  --target "integrations/$MOCK_INTEGRATION_ID" \
  --route-response-selection-expression '$default' \
  --query RouteId --output text)
echo "DEFAULT_ROUTE_ID=$DEFAULT_ROUTE_ID"

aws apigatewayv2 create-route-response \
  --api-id "$API_ID" \
  --route-id "$DEFAULT_ROUTE_ID" \
  --route-response-key '$default' \
  --query RouteResponseId --output text
