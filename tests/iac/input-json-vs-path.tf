# $input.json vs $input.path
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
  integration_method = "GET"
  integration_uri    = "https://backend.example.com/user"
}

resource "aws_apigatewayv2_integration_response" "http_response_default" {
  api_id                   = aws_apigatewayv2_api.api.id
  integration_id           = aws_apigatewayv2_integration.http.id
  integration_response_key = "$default"
  response_templates = {
    "$default" = chomp(<<-EOT
      json name:  $input.json('$.name')
      path name:  $input.path('$.name')
      json user:  $input.json('$')
      path user:  $input.path('$')
      path tags:  $input.path('$.tags')
      tag count:  $input.path('$.tags').size()
    EOT
    )
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
