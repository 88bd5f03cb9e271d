# One integration response, templates chosen by status code
# Exported by apigw-playground for the hashicorp/aws provider. In HCL strings `${` and `%{`
# start a template sequence, so the templates' own are written `$${` and `%%{`.
# Add an aws_apigatewayv2_stage (and deployment) to deploy.

resource "aws_apigatewayv2_api" "api" {
  name                       = "websocket-api"
  protocol_type              = "WEBSOCKET"
  route_selection_expression = "$request.body.action"
}

resource "aws_apigatewayv2_integration" "http" {
  api_id             = aws_apigatewayv2_api.api.id
  integration_type   = "HTTP"
  integration_method = "POST"
  integration_uri    = "https://backend.example.com/rooms"
}

resource "aws_apigatewayv2_integration_response" "http_response_default" {
  api_id                        = aws_apigatewayv2_api.api.id
  integration_id                = aws_apigatewayv2_integration.http.id
  integration_response_key      = "$default"
  template_selection_expression = "$${integration.response.statuscode}"
  response_templates = {
    "201"      = "{\"created\": $input.json('$.room')}"
    "409"      = "{\"error\": \"exists\"}"
    "$default" = "{\"error\": \"unexpected\", \"request\": \"$context.requestId\"}"
  }
}

resource "aws_apigatewayv2_route" "default" {
  api_id                              = aws_apigatewayv2_api.api.id
  route_key                           = "$default"
  target                              = "integrations/${aws_apigatewayv2_integration.http.id}"
  route_response_selection_expression = "$default"
}

resource "aws_apigatewayv2_route_response" "default" {
  api_id             = aws_apigatewayv2_api.api.id
  route_id           = aws_apigatewayv2_route.default.id
  route_response_key = "$default"
}
