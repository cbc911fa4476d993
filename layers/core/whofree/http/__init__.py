"""HTTP glue shared by the API functions: error bodies, body limits, the route table, OpenAPI."""
