# Route selection: $request.body.action, $default and the Forbidden frame
# Exported by apigw-playground for the hashicorp/aws provider. In HCL strings `${` and `%{`
# start a template sequence, so the templates' own are written `$${` and `%%{`.
# Add an aws_apigatewayv2_stage (and deployment) to deploy.

resource "aws_apigatewayv2_api" "api" {
  name                       = "websocket-api"
  protocol_type              = "WEBSOCKET"
  route_selection_expression = "$request.body.action"
}

resource "aws_apigatewayv2_integration" "mock" {
  api_id           = aws_apigatewayv2_api.api.id
  integration_type = "MOCK"
  request_templates = {
    "$default" = "{\"statusCode\": 200}"
  }
}

resource "aws_apigatewayv2_integration_response" "mock_response_default" {
  api_id                   = aws_apigatewayv2_api.api.id
  integration_id           = aws_apigatewayv2_integration.mock.id
  integration_response_key = "$default"
  response_templates = {
    "$default" = "{\"route\": \"$context.routeKey\"}"
  }
}

resource "aws_apigatewayv2_route" "join" {
  api_id                              = aws_apigatewayv2_api.api.id
  route_key                           = "join"
  target                              = "integrations/${aws_apigatewayv2_integration.mock.id}"
  route_response_selection_expression = "$default"
}

resource "aws_apigatewayv2_route_response" "join" {
  api_id             = aws_apigatewayv2_api.api.id
  route_id           = aws_apigatewayv2_route.join.id
  route_response_key = "$default"
}

resource "aws_apigatewayv2_route" "leave" {
  api_id                              = aws_apigatewayv2_api.api.id
  route_key                           = "leave"
  target                              = "integrations/${aws_apigatewayv2_integration.mock.id}"
  route_response_selection_expression = "$default"
}

resource "aws_apigatewayv2_route_response" "leave" {
  api_id             = aws_apigatewayv2_api.api.id
  route_id           = aws_apigatewayv2_route.leave.id
  route_response_key = "$default"
}

resource "aws_apigatewayv2_route" "default" {
  api_id                              = aws_apigatewayv2_api.api.id
  route_key                           = "$default"
  target                              = "integrations/${aws_apigatewayv2_integration.mock.id}"
  route_response_selection_expression = "$default"
}

resource "aws_apigatewayv2_route_response" "default" {
  api_id             = aws_apigatewayv2_api.api.id
  route_id           = aws_apigatewayv2_route.default.id
  route_response_key = "$default"
}
