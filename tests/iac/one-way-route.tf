# One-way route: the backend answers, the client gets nothing
# Exported by apigw-playground for the hashicorp/aws provider. In HCL strings `${` and `%{`
# start a template sequence, so the templates' own are written `$${` and `%%{`.
# Add an aws_apigatewayv2_stage (and deployment) to deploy.

resource "aws_apigatewayv2_api" "api" {
  name                       = "websocket-api"
  protocol_type              = "WEBSOCKET"
  route_selection_expression = "$request.body.action"
}

resource "aws_apigatewayv2_integration" "http_1" {
  api_id             = aws_apigatewayv2_api.api.id
  integration_type   = "HTTP"
  integration_method = "POST"
  integration_uri    = "https://backend.example.com/messages"
}

resource "aws_apigatewayv2_integration_response" "http_1_response_default" {
  api_id                   = aws_apigatewayv2_api.api.id
  integration_id           = aws_apigatewayv2_integration.http_1.id
  integration_response_key = "$default"
  response_templates = {
    "$default" = "{\"delivered\": true}"
  }
}

resource "aws_apigatewayv2_route" "sendmessage" {
  api_id    = aws_apigatewayv2_api.api.id
  route_key = "sendmessage"
  target    = "integrations/${aws_apigatewayv2_integration.http_1.id}"
}
