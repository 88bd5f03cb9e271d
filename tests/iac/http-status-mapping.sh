#!/usr/bin/env bash
# HTTP backend: map 2xx, 4xx and everything else
# Exported by apigw-playground: creates the WebSocket API with the AWS CLI v2, one command per
# resource, each new id kept in a shell variable. Values are in single quotes, so $ and \ reach
# AWS as written. (AWS CLI v1 would fetch the page of an --integration-uri that starts with https://.)
# Deploy with `aws apigatewayv2 create-stage --api-id "$API_ID" --stage-name dev --auto-deploy`.
set -euo pipefail

API_ID=$(aws apigatewayv2 create-api \
  --name chat-api \
  --protocol-type WEBSOCKET \
  --route-selection-expression '$request.body.action' \
  --query ApiId --output text)
echo "API_ID=$API_ID"

HTTP_1_INTEGRATION_ID=$(aws apigatewayv2 create-integration \
  --api-id "$API_ID" \
  --integration-type HTTP \
  --integration-method POST \
  --integration-uri https://backend.example.com/messages \
  --template-selection-expression '\$default' \
  --request-templates '{"$default":"{\n  \"connectionId\": \"$context.connectionId\",\n  \"text\": $input.json('\''$.message'\'')\n}"}' \
  --passthrough-behavior WHEN_NO_MATCH \
  --query IntegrationId --output text)
echo "HTTP_1_INTEGRATION_ID=$HTTP_1_INTEGRATION_ID"

aws apigatewayv2 create-integration-response \
  --api-id "$API_ID" \
  --integration-id "$HTTP_1_INTEGRATION_ID" \
  --integration-response-key '/2\d\d/' \
  --template-selection-expression '\$default' \
  --response-templates '{"$default":"#set($r = $input.path('\''$'\''))\n{\"ok\": true, \"id\": \"$r.id\", \"echo\": $input.json('\''$.text'\'')}"}' \
  --query IntegrationResponseId --output text

aws apigatewayv2 create-integration-response \
  --api-id "$API_ID" \
  --integration-id "$HTTP_1_INTEGRATION_ID" \
  --integration-response-key '/4\d\d/' \
  --template-selection-expression '\$default' \
  --response-templates '{"$default":"{\"ok\": false, \"error\": \"$util.escapeJavaScript($input.path('\''$.error'\''))\", \"status\": \"client\"}"}' \
  --query IntegrationResponseId --output text

aws apigatewayv2 create-integration-response \
  --api-id "$API_ID" \
  --integration-id "$HTTP_1_INTEGRATION_ID" \
  --integration-response-key '$default' \
  --template-selection-expression '\$default' \
  --response-templates '{"$default":"{\"ok\": false, \"status\": \"unexpected\"}"}' \
  --query IntegrationResponseId --output text

SENDMESSAGE_ROUTE_ID=$(aws apigatewayv2 create-route \
  --api-id "$API_ID" \
  --route-key sendmessage \
  --target "integrations/$HTTP_1_INTEGRATION_ID" \
  --route-response-selection-expression '$default' \
  --query RouteId --output text)
echo "SENDMESSAGE_ROUTE_ID=$SENDMESSAGE_ROUTE_ID"

aws apigatewayv2 create-route-response \
  --api-id "$API_ID" \
  --route-id "$SENDMESSAGE_ROUTE_ID" \
  --route-response-key '$default' \
  --query RouteResponseId --output text

DEFAULT_ROUTE_ID=$(aws apigatewayv2 create-route \
  --api-id "$API_ID" \
  --route-key '$default' \
  --target "integrations/$HTTP_1_INTEGRATION_ID" \
  --route-response-selection-expression '$default' \
  --query RouteId --output text)
echo "DEFAULT_ROUTE_ID=$DEFAULT_ROUTE_ID"

aws apigatewayv2 create-route-response \
  --api-id "$API_ID" \
  --route-id "$DEFAULT_ROUTE_ID" \
  --route-response-key '$default' \
  --query RouteResponseId --output text
