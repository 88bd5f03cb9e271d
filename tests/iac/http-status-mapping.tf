# HTTP backend: map 2xx, 4xx and everything else
# Exported by apigw-playground for the hashicorp/aws provider. In HCL strings `${` and `%{`
# start a template sequence, so the templates' own are written `$${` and `%%{`.
# Add an aws_apigatewayv2_stage (and deployment) to deploy.

resource "aws_apigatewayv2_api" "api" {
  name                       = "chat-api"
  protocol_type              = "WEBSOCKET"
  route_selection_expression = "$request.body.action"
}

resource "aws_apigatewayv2_integration" "http_1" {
  api_id                        = aws_apigatewayv2_api.api.id
  integration_type              = "HTTP"
  integration_method            = "POST"
  integration_uri               = "https://backend.example.com/messages"
  template_selection_expression = "\\$default"
  passthrough_behavior          = "WHEN_NO_MATCH"
  request_templates = {
    "$default" = chomp(<<-EOT
      {
        "connectionId": "$context.connectionId",
        "text": $input.json('$.message')
      }
    EOT
    )
  }
}

resource "aws_apigatewayv2_integration_response" "http_1_response_2xx" {
  api_id                        = aws_apigatewayv2_api.api.id
  integration_id                = aws_apigatewayv2_integration.http_1.id
  integration_response_key      = "/2\\d\\d/"
  template_selection_expression = "\\$default"
  response_templates = {
    "$default" = chomp(<<-EOT
      #set($r = $input.path('$'))
      {"ok": true, "id": "$r.id", "echo": $input.json('$.text')}
    EOT
    )
  }
}

resource "aws_apigatewayv2_integration_response" "http_1_response_4xx" {
  api_id                        = aws_apigatewayv2_api.api.id
  integration_id                = aws_apigatewayv2_integration.http_1.id
  integration_response_key      = "/4\\d\\d/"
  template_selection_expression = "\\$default"
  response_templates = {
    "$default" = "{\"ok\": false, \"error\": \"$util.escapeJavaScript($input.path('$.error'))\", \"status\": \"client\"}"
  }
}

resource "aws_apigatewayv2_integration_response" "http_1_response_default" {
  api_id                        = aws_apigatewayv2_api.api.id
  integration_id                = aws_apigatewayv2_integration.http_1.id
  integration_response_key      = "$default"
  template_selection_expression = "\\$default"
  response_templates = {
    "$default" = "{\"ok\": false, \"status\": \"unexpected\"}"
  }
}

resource "aws_apigatewayv2_route" "sendmessage" {
  api_id                              = aws_apigatewayv2_api.api.id
  route_key                           = "sendmessage"
  target                              = "integrations/${aws_apigatewayv2_integration.http_1.id}"
  route_response_selection_expression = "$default"
}

resource "aws_apigatewayv2_route_response" "sendmessage" {
  api_id             = aws_apigatewayv2_api.api.id
  route_id           = aws_apigatewayv2_route.sendmessage.id
  route_response_key = "$default"
}

resource "aws_apigatewayv2_route" "default" {
  api_id                              = aws_apigatewayv2_api.api.id
  route_key                           = "$default"
  target                              = "integrations/${aws_apigatewayv2_integration.http_1.id}"
  route_response_selection_expression = "$default"
}

resource "aws_apigatewayv2_route_response" "default" {
  api_id             = aws_apigatewayv2_api.api.id
  route_id           = aws_apigatewayv2_route.default.id
  route_response_key = "$default"
}
