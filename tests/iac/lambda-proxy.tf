# Lambda proxy (AWS_PROXY): the result's body is the frame
# Exported by apigw-playground for the hashicorp/aws provider. In HCL strings `${` and `%{`
# start a template sequence, so the templates' own are written `$${` and `%%{`.
# Add an aws_apigatewayv2_stage (and deployment) to deploy.

resource "aws_apigatewayv2_api" "api" {
  name                       = "websocket-api"
  protocol_type              = "WEBSOCKET"
  route_selection_expression = "$request.body.action"
}

resource "aws_apigatewayv2_integration" "fn" {
  api_id           = aws_apigatewayv2_api.api.id
  integration_type = "AWS_PROXY"
  integration_uri  = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:echo/invocations"
}

resource "aws_apigatewayv2_route" "default" {
  api_id                              = aws_apigatewayv2_api.api.id
  route_key                           = "$default"
  target                              = "integrations/${aws_apigatewayv2_integration.fn.id}"
  route_response_selection_expression = "$default"
}

resource "aws_apigatewayv2_route_response" "default" {
  api_id             = aws_apigatewayv2_api.api.id
  route_id           = aws_apigatewayv2_route.default.id
  route_response_key = "$default"
}
