//! apigw-playground: simulate AWS API Gateway WebSocket integration responses, templates and
//! route responses, natively and in the browser.

pub mod engine;
