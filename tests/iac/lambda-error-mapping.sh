#!/usr/bin/env bash
# Lambda (non-proxy): map errors by errorMessage
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
  --integration-type AWS \
  --integration-method POST \
  --integration-uri arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:order/invocations \
  --template-selection-expression '\$default' \
  --request-templates '{"$default":"{\"item\": $input.json('\''$.item'\''), \"connection\": \"$context.connectionId\"}"}' \
  --query IntegrationId --output text)
echo "FN_INTEGRATION_ID=$FN_INTEGRATION_ID"

aws apigatewayv2 create-integration-response \
  --api-id "$API_ID" \
  --integration-id "$FN_INTEGRATION_ID" \
  --integration-response-key '/.*Invalid request.*/' \
  --template-selection-expression '\$default' \
  --response-templates '{"$default":"{\"error\": \"bad-request\", \"detail\": \"$util.escapeJavaScript($input.path('\''$.errorMessage'\''))\"}"}' \
  --query IntegrationResponseId --output text

aws apigatewayv2 create-integration-response \
  --api-id "$API_ID" \
  --integration-id "$FN_INTEGRATION_ID" \
  --integration-response-key '$default' \
  --template-selection-expression '\$default' \
  --response-templates '{"$default":"{\"ok\": true, \"order\": $input.json('\''$.orderId'\'')}"}' \
  --query IntegrationResponseId --output text

ORDER_ROUTE_ID=$(aws apigatewayv2 create-route \
  --api-id "$API_ID" \
  --route-key order \
  --target "integrations/$FN_INTEGRATION_ID" \
  --route-response-selection-expression '$default' \
  --query RouteId --output text)
echo "ORDER_ROUTE_ID=$ORDER_ROUTE_ID"

aws apigatewayv2 create-route-response \
  --api-id "$API_ID" \
  --route-id "$ORDER_ROUTE_ID" \
  --route-response-key '$default' \
  --query RouteResponseId --output text
