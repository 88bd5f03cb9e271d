# MOCK: the status comes from the request template
# Exported by apigw-playground for the hashicorp/aws provider. In HCL strings `${` and `%{`
# start a template sequence, so the templates' own are written `$${` and `%%{`.
# Add an aws_apigatewayv2_stage (and deployment) to deploy.

resource "aws_apigatewayv2_api" "api" {
  name                       = "websocket-api"
  protocol_type              = "WEBSOCKET"
  route_selection_expression = "$request.body.action"
}

resource "aws_apigatewayv2_integration" "mock" {
  api_id                        = aws_apigatewayv2_api.api.id
  integration_type              = "MOCK"
  template_selection_expression = "\\$default"
  request_templates = {
    "$default" = chomp(<<-EOT
      #if($input.path('$.status'))
      {"statusCode": $input.path('$.status')}
      #else
      {"statusCode": 200}
      #end
    EOT
    )
  }
}

resource "aws_apigatewayv2_integration_response" "mock_response_200" {
  api_id                        = aws_apigatewayv2_api.api.id
  integration_id                = aws_apigatewayv2_integration.mock.id
  integration_response_key      = "/200/"
  template_selection_expression = "\\$default"
  response_templates = {
    "$default" = "{\"pong\": true, \"at\": $context.requestTimeEpoch}"
  }
}

resource "aws_apigatewayv2_integration_response" "mock_response_default" {
  api_id                        = aws_apigatewayv2_api.api.id
  integration_id                = aws_apigatewayv2_integration.mock.id
  integration_response_key      = "$default"
  template_selection_expression = "\\$default"
  response_templates = {
    "$default" = "{\"pong\": false, \"route\": \"$context.routeKey\"}"
  }
}

resource "aws_apigatewayv2_route" "mock" {
  api_id                              = aws_apigatewayv2_api.api.id
  route_key                           = "mock"
  target                              = "integrations/${aws_apigatewayv2_integration.mock.id}"
  route_response_selection_expression = "$default"
}

resource "aws_apigatewayv2_route_response" "mock" {
  api_id             = aws_apigatewayv2_api.api.id
  route_id           = aws_apigatewayv2_route.mock.id
  route_response_key = "$default"
}
