# Lambda (non-proxy): map errors by errorMessage
# Exported by apigw-playground for the hashicorp/aws provider. In HCL strings `${` and `%{`
# start a template sequence, so the templates' own are written `$${` and `%%{`.
# Add an aws_apigatewayv2_stage (and deployment) to deploy.

resource "aws_apigatewayv2_api" "api" {
  name                       = "websocket-api"
  protocol_type              = "WEBSOCKET"
  route_selection_expression = "$request.body.action"
}

resource "aws_apigatewayv2_integration" "fn" {
  api_id                        = aws_apigatewayv2_api.api.id
  integration_type              = "AWS"
  integration_method            = "POST"
  integration_uri               = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:order/invocations"
  template_selection_expression = "\\$default"
  request_templates = {
    "$default" = "{\"item\": $input.json('$.item'), \"connection\": \"$context.connectionId\"}"
  }
}

resource "aws_apigatewayv2_integration_response" "fn_response_1" {
  api_id                        = aws_apigatewayv2_api.api.id
  integration_id                = aws_apigatewayv2_integration.fn.id
  integration_response_key      = "/.*Invalid request.*/"
  template_selection_expression = "\\$default"
  response_templates = {
    "$default" = "{\"error\": \"bad-request\", \"detail\": \"$util.escapeJavaScript($input.path('$.errorMessage'))\"}"
  }
}

resource "aws_apigatewayv2_integration_response" "fn_response_default" {
  api_id                        = aws_apigatewayv2_api.api.id
  integration_id                = aws_apigatewayv2_integration.fn.id
  integration_response_key      = "$default"
  template_selection_expression = "\\$default"
  response_templates = {
    "$default" = "{\"ok\": true, \"order\": $input.json('$.orderId')}"
  }
}

resource "aws_apigatewayv2_route" "order" {
  api_id                              = aws_apigatewayv2_api.api.id
  route_key                           = "order"
  target                              = "integrations/${aws_apigatewayv2_integration.fn.id}"
  route_response_selection_expression = "$default"
}

resource "aws_apigatewayv2_route_response" "order" {
  api_id             = aws_apigatewayv2_api.api.id
  route_id           = aws_apigatewayv2_route.order.id
  route_response_key = "$default"
}
