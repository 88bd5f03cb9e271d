#!/usr/bin/env bash
# MOCK: the status comes from the request template
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
  --template-selection-expression '\$default' \
  --request-templates '{"$default":"#if($input.path('\''$.status'\''))\n{\"statusCode\": $input.path('\''$.status'\'')}\n#else\n{\"statusCode\": 200}\n#end"}' \
  --query IntegrationId --output text)
echo "MOCK_INTEGRATION_ID=$MOCK_INTEGRATION_ID"

aws apigatewayv2 create-integration-response \
  --api-id "$API_ID" \
  --integration-id "$MOCK_INTEGRATION_ID" \
  --integration-response-key /200/ \
  --template-selection-expression '\$default' \
  --response-templates '{"$default":"{\"pong\": true, \"at\": $context.requestTimeEpoch}"}' \
  --query IntegrationResponseId --output text

aws apigatewayv2 create-integration-response \
  --api-id "$API_ID" \
  --integration-id "$MOCK_INTEGRATION_ID" \
  --integration-response-key '$default' \
  --template-selection-expression '\$default' \
  --response-templates '{"$default":"{\"pong\": false, \"route\": \"$context.routeKey\"}"}' \
  --query IntegrationResponseId --output text

MOCK_ROUTE_ID=$(aws apigatewayv2 create-route \
  --api-id "$API_ID" \
  --route-key mock \
  --target "integrations/$MOCK_INTEGRATION_ID" \
  --route-response-selection-expression '$default' \
  --query RouteId --output text)
echo "MOCK_ROUTE_ID=$MOCK_ROUTE_ID"

aws apigatewayv2 create-route-response \
  --api-id "$API_ID" \
  --route-id "$MOCK_ROUTE_ID" \
  --route-response-key '$default' \
  --query RouteResponseId --output text
